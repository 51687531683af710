// Golden files for generated output. QOS_UPDATE_GOLDEN=1 rewrites them from the current output.
using System;
using System.IO;

namespace QosAnalyzers.Generator.Tests.Infrastructure;

internal static class GoldenFiles
{
    public const string VersionPlaceholder = "{generator-version}";

    private static bool Update => Environment.GetEnvironmentVariable("QOS_UPDATE_GOLDEN") == "1";

    public static void Verify(string name, string actual)
    {
        // Golden files do not change with every version bump.
        actual = actual.Replace(GeneratedFile.ToolVersion, VersionPlaceholder, StringComparison.Ordinal);
        string directory = Path.Combine(RepositoryPaths.TestProjectDirectory, "Golden");
        string path = Path.Combine(directory, name);
        if (Update)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), "Golden file " + path + " is missing; run the tests with QOS_UPDATE_GOLDEN=1 to create it.");
        string expected = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (expected != actual)
        {
            Assert.Fail("Generated output differs from " + path + " (QOS_UPDATE_GOLDEN=1 rewrites it).\n" + FirstDifference(expected, actual));
        }
    }

    private static string FirstDifference(string expected, string actual)
    {
        string[] e = expected.Split('\n');
        string[] a = actual.Split('\n');
        for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            string el = i < e.Length ? e[i] : "<end>";
            string al = i < a.Length ? a[i] : "<end>";
            if (el != al)
            {
                return "line " + (i + 1) + ":\n  expected: " + el + "\n  actual:   " + al;
            }
        }

        return "(line endings only)";
    }
}
