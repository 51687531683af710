using System.Text.RegularExpressions;

namespace QosAnalyzers.Package.Tests;

/// <summary>
/// Consumer projects restore QosAnalyzers from artifacts/packages and are built, fixed and run the
/// way users do it. One class, so the builds run one after another.
/// </summary>
public partial class ConsumerTests
{
    private const string MisuseSources = "samples/QosMisuse";

    /// <summary>Rules whose code fixes dotnet format must be able to apply to the misuse sample.</summary>
    private static readonly string[] s_fixableRules = { "QOS001", "QOS002", "QOS003", "QOS004", "QOS006", "QOS020" };

    [Fact]
    public void Build_reports_exactly_the_expected_diagnostics_with_their_help_links()
    {
        using ConsumerProject project = ConsumerProject.Create("Misuse", MisuseSources);

        SarifLog log = BuildWithSarif(project);

        string[] expected = ExpectedDiagnostics(project).ToArray();
        string[] actual = log.Qos.Select(r => $"{r.File}:{r.Line}: {r.RuleId}").Order(StringComparer.Ordinal).ToArray();
        Assert.True(expected.SequenceEqual(actual), $"Expected:\n{string.Join('\n', expected)}\nActual:\n{string.Join('\n', log.Qos)}");

        foreach (string id in log.Qos.Select(r => r.RuleId).Distinct())
        {
            Assert.True(log.HelpUris.TryGetValue(id, out string? uri), $"{id} has no rule entry in the SARIF log");
            Assert.EndsWith($"/docs/rules/{id}.md", uri, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// LibraryImport as the SDK's SYSLIB1054 tells users to write it: in a real build the SDK's
    /// LibraryImportGenerator implements each partial, and the declaration rules must still report on it.
    /// </summary>
    [Fact]
    public void LibraryImport_declarations_are_reported_in_a_plain_build()
    {
        using ConsumerProject project = ConsumerProject.Create("Misuse");
        project.WriteFile("Qwave.cs", """
            using System.Runtime.InteropServices;

            static partial class Qwave
            {
                [LibraryImport("qwave.dll")] // expect: QOS004
                [return: MarshalAs(UnmanagedType.Bool)]
                internal static partial bool QOSCloseHandle(nint QOSHandle);

                [LibraryImport("qwave.dll", SetLastError = true)]
                internal static partial byte QOSCancel(nint QOSHandle, nint Overlapped); // expect: QOS005

                [LibraryImport("qwave.dll", SetLastError = true)]
                [return: MarshalAs(UnmanagedType.Bool)]
                internal static partial bool QOSRemoveSocketFromFlow(nint QOSHandle, nint Socket, uint FlowId, uint Flags);

                static bool Remove(nint handle, nint socket, uint flowId)
                {
                    return QOSRemoveSocketFromFlow(handle, socket, flowId, 0) && Close(handle);

                    [DllImport("qwave.dll", EntryPoint = "QOSCloseHandle")] // expect: QOS004
                    [return: MarshalAs(UnmanagedType.Bool)]
                    static extern bool Close(nint handle);
                }
            }
            """);

        SarifLog log = BuildWithSarif(project);

        string[] expected = ExpectedDiagnostics(project).ToArray();
        string[] actual = log.Qos.Select(r => $"{r.File}:{r.Line}: {r.RuleId}").Order(StringComparer.Ordinal).ToArray();
        Assert.True(expected.SequenceEqual(actual), $"Expected:\n{string.Join('\n', expected)}\nActual:\n{string.Join('\n', log.Qos)}");
    }

    /// <summary>
    /// Where the generator and analyzers cannot load, the build says so once, clearly. A packages.config or
    /// non-SDK project gets no Analyzer items from a package; this consumer reproduces exactly that state by
    /// removing the package's Analyzer items before the package's check runs.
    /// </summary>
    [Fact]
    public void A_project_without_the_compiler_plugins_gets_one_clear_message()
    {
        using ConsumerProject project = ConsumerProject.Create("Misuse");
        project.WriteFile("Misuse.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Library</OutputType>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="QosAnalyzers" Version="$(QosAnalyzersVersion)" />
              </ItemGroup>
              <Target Name="DropQosAnalyzers" BeforeTargets="_QosAnalyzersCheckAnalyzersLoaded">
                <ItemGroup>
                  <Analyzer Remove="@(Analyzer)" Condition="$([System.String]::Copy('%(Filename)').StartsWith('QosAnalyzers.'))" />
                </ItemGroup>
              </Target>
            </Project>
            """);
        project.WriteFile("Use.cs", "public static class Use { public static QosAnalyzers.QosSession Open() => QosAnalyzers.QosSession.Open(new QosAnalyzers.QwaveSimulator()); }\n");

        ProcessResult build = project.Dotnet("build", "-c", "Release");
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains("warning QOSPKG001", build.Output, StringComparison.Ordinal);
        Assert.Contains("PackageReference", build.Output, StringComparison.Ordinal);

        ProcessResult silenced = project.Dotnet("build", "-c", "Release", "--no-incremental", "-p:QosAnalyzersSuppressAnalyzerCheck=true");
        Assert.True(silenced.ExitCode == 0, silenced.Output);
        Assert.DoesNotContain("QOSPKG001", silenced.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Dotnet_format_applies_the_fixes_and_the_project_still_builds()
    {
        using ConsumerProject project = ConsumerProject.Create("Misuse", MisuseSources);
        ProcessResult restore = project.Dotnet("restore");
        Assert.True(restore.ExitCode == 0, restore.Output);

        var args = new List<string> { "format", "analyzers", project.ProjectFile, "--no-restore", "--severity", "info", "--diagnostics" };
        args.AddRange(s_fixableRules);
        ProcessResult format = project.Dotnet(args.ToArray());
        Assert.True(format.ExitCode == 0, format.Output);

        SarifLog log = BuildWithSarif(project);
        Assert.DoesNotContain(log.Qos, r => s_fixableRules.Contains(r.RuleId));
    }

    [Fact]
    public void Editorconfig_severity_error_fails_the_build_and_none_silences_the_rule()
    {
        using ConsumerProject project = ConsumerProject.Create("Misuse", MisuseSources);

        project.WriteFile(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.QOS003.severity = error\n");
        ProcessResult failing = project.Dotnet("build", "-c", "Release");
        Assert.NotEqual(0, failing.ExitCode);
        Assert.Contains("error QOS003", failing.Output, StringComparison.Ordinal);

        project.WriteFile(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.QOS003.severity = none\n");
        SarifLog log = BuildWithSarif(project);
        Assert.DoesNotContain(log.Qos, r => r.RuleId == "QOS003");
        Assert.Contains(log.Qos, r => r.RuleId == "QOS001");
    }

    [Fact]
    public void A_QosFlow_project_builds_warning_free_and_runs_against_the_simulator()
    {
        using ConsumerProject project = ConsumerProject.Create("FlowApp");

        ProcessResult run = project.Dotnet("run", "-c", "Release");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("voice DSCP 56", run.Output, StringComparison.Ordinal);
        Assert.Contains("flows 1", run.Output, StringComparison.Ordinal);
        Assert.Contains("after dispose: flows 0, handles 0", run.Output, StringComparison.Ordinal);
    }

    private static SarifLog BuildWithSarif(ConsumerProject project)
    {
        string sarif = Path.Combine(project.Directory, "build.sarif");
        File.Delete(sarif);
        ProcessResult build = project.Dotnet("build", "-c", "Release", "--no-incremental", $"-p:ErrorLog={sarif}%2Cversion=2.1");
        Assert.True(build.ExitCode == 0, build.Output);

        // With PackageReference the generator and analyzers load: no word about them not loading.
        Assert.DoesNotContain("QOSPKG001", build.Output, StringComparison.Ordinal);
        return SarifLog.Read(sarif);
    }

    /// <summary>Every <c>// expect: QOSnnn[, QOSmmm]</c> comment, as "file:line: ID", sorted.</summary>
    private static IEnumerable<string> ExpectedDiagnostics(ConsumerProject project)
    {
        var expected = new List<string>();
        foreach (string file in Directory.GetFiles(project.Directory, "*.cs"))
        {
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                Match m = ExpectComment().Match(lines[i]);
                if (!m.Success)
                {
                    continue;
                }

                foreach (string id in m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    expected.Add($"{Path.GetFileName(file)}:{i + 1}: {id}");
                }
            }
        }

        return expected.Order(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"// expect: (QOS\d{3}(?:\s*,\s*QOS\d{3})*)")]
    private static partial Regex ExpectComment();
}
