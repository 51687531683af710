using System;
using System.Linq;

namespace QosAnalyzers.Fuzzing;

/// <summary>One failure of a component: an exception it threw (or an AD0001/CS8785 that stands for one), or a hang.</summary>
public sealed record Crash(string Component, string Stage, string ExceptionType, string Message, string StackTrace)
{
    public static Crash From(string component, string stage, Exception exception)
    {
        Exception e = exception is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerException! : exception;
        return new Crash(component, stage, e.GetType().FullName ?? e.GetType().Name, e.Message, e.ToString());
    }

    /// <summary>Where in the product it threw: the first frame in QosAnalyzers code, else the first frame.</summary>
    public string Site
    {
        get
        {
            var frames = StackTrace.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("at ", StringComparison.Ordinal)).ToList();
            string? frame = frames.FirstOrDefault(f => f.Contains("QosAnalyzers.", StringComparison.Ordinal) && !f.Contains("QosAnalyzers.Fuzzing.", StringComparison.Ordinal))
                ?? frames.FirstOrDefault();
            if (frame is null)
            {
                return "(no stack)";
            }

            int file = frame.IndexOf(" in ", StringComparison.Ordinal);
            return file < 0 ? frame : frame[..file];
        }
    }

    /// <summary>Crashes with the same signature are one bug.</summary>
    public string Signature => $"{Component} | {StageKind} | {ExceptionType} | {Site}";

    /// <summary>The stage without its details (Fix All scope, action title): one bug, one finding.</summary>
    public string StageKind => Stage.Split(" (")[0].Split(" '")[0];
}
