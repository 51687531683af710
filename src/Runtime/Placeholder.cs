namespace QosAnalyzers
{
    /// <summary>Placeholder.</summary>
    public static class Placeholder
    {
    }
}
