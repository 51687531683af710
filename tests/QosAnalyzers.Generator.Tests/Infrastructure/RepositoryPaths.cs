// Finds the checkout from the test binaries, so golden files and docs are found the same way
// locally and in CI (where deterministic builds map [CallerFilePath] to "/_/").
using System;
using System.IO;

namespace QosAnalyzers.Generator.Tests.Infrastructure;

internal static class RepositoryPaths
{
    public static string TestProjectDirectory { get; } = FindUp("QosAnalyzers.Generator.Tests.csproj");

    public static string RepositoryRoot { get; } = FindUp("QosAnalyzers.sln");

    private static string FindUp(string fileName)
    {
        for (DirectoryInfo? d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, fileName)))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException(fileName + " not found above " + AppContext.BaseDirectory);
    }
}
