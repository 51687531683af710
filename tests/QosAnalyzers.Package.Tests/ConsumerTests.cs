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

        AssertReportsExactlyTheExpectComments(log, project.Directory);

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

        AssertReportsExactlyTheExpectComments(log, project.Directory);
    }

    /// <summary>
    /// Where the generator and analyzers cannot load, the build says so once, clearly, and names the
    /// cause. A packages.config project gets the package's build targets but no Analyzer items; this consumer reproduces exactly that state by removing the package's Analyzer items
    /// before the package's check runs (first as itself, then with a packages.config beside it).
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
        Assert.Contains("warning QOSPKG001: The QosAnalyzers generator and analyzers are not loaded", build.Output, StringComparison.Ordinal);
        Assert.Contains("PackageReference", build.Output, StringComparison.Ordinal);

        project.WriteFile("packages.config", $$"""
            <?xml version="1.0" encoding="utf-8"?>
            <packages>
              <package id="QosAnalyzers" version="{{project.PackageVersion}}" targetFramework="net472" />
            </packages>
            """);
        ProcessResult packagesConfig = project.Dotnet("build", "-c", "Release", "--no-restore");
        Assert.True(packagesConfig.ExitCode == 0, packagesConfig.Output);
        Assert.Contains("warning QOSPKG001: This project installs QosAnalyzers through packages.config", packagesConfig.Output, StringComparison.Ordinal);
        Assert.Contains("Migrate packages.config to PackageReference", packagesConfig.Output, StringComparison.Ordinal);

        ProcessResult silenced = project.Dotnet("build", "-c", "Release", "--no-restore", "-p:QosAnalyzersSuppressAnalyzerCheck=true");
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

    /// <summary>
    /// .NET Framework and netstandard2.0 consumers as they are usually written: no LangVersion (so
    /// C# 7.3, those targets' default), no Nullable, warnings as errors. A net472 console app and the
    /// netstandard2.0 library it references (which ships XML docs) each declare a [QosFlow] class and
    /// use the generated Add, TryAdd, TrySetOutgoingDscp, WhenCongestedAsync and DisposeAsync with a
    /// QosSession. Running the app needs .NET Framework, so Windows; here the build is the proof that
    /// the generated wrappers compile on both targets at C# 7.3 without a warning. (The same code on
    /// .NET runs against the simulator in A_QosFlow_project_builds_warning_free_and_runs_against_the_simulator.)
    /// Then a hand-written DllImport binding with the usual mistakes, added to the app, gets exactly
    /// the QOSnnn reports its <c>// expect:</c> comments name.
    /// </summary>
    [Fact]
    public void NetFramework_app_and_netstandard_library_build_warning_free_at_CSharp_7_3_and_get_the_rules()
    {
        using ConsumerProject project = ConsumerProject.Create("NetFramework", projectFile: Path.Combine("App", "App.csproj"));

        ProcessResult build = project.Dotnet("build", project.ProjectFile, "-c", "Release");
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains(" 0 Warning(s)", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("QOSPKG001", build.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(project.Directory, "App", "bin", "Release", "net472", "App.exe")), build.Output);

        // The C# 7.3 form of the wrappers, with DisposeAsync from the netstandard2.0 runtime's
        // Microsoft.Bcl.AsyncInterfaces dependency, and the generated docs in the library's XML file.
        foreach (string generated in new[]
        {
            Path.Combine("App", "obj", "Release", "net472", "generated", "QosAnalyzers.Generator", "QosAnalyzers.Generator.QosFlowGenerator", "Contoso.Desktop.VoiceFlow.QosFlow.g.cs"),
            Path.Combine("Library", "obj", "Release", "netstandard2.0", "generated", "QosAnalyzers.Generator", "QosAnalyzers.Generator.QosFlowGenerator", "Contoso.Media.VideoFlow.QosFlow.g.cs"),
        })
        {
            string text = project.ReadSource(generated);
            Assert.DoesNotContain("#nullable", text, StringComparison.Ordinal);
            Assert.Contains("global::System.IAsyncDisposable", text, StringComparison.Ordinal);
        }

        string docs = project.ReadSource(Path.Combine("Library", "bin", "Release", "netstandard2.0", "Library.xml"));
        Assert.Contains("M:Contoso.Media.VideoFlow.WhenCongestedAsync(System.Threading.CancellationToken)", docs, StringComparison.Ordinal);

        // The misuse file only now: under warnings as errors its reports would fail the build above.
        string app = Path.Combine(project.Directory, "App");
        File.Copy(Path.Combine(project.Directory, "NativeBinding", "NativeQos.cs"), Path.Combine(app, "NativeQos.cs"));
        SarifLog log = BuildWithSarif(project, "--no-restore", "--no-dependencies", "-p:TreatWarningsAsErrors=false");
        AssertReportsExactlyTheExpectComments(log, app);
    }

    private static SarifLog BuildWithSarif(ConsumerProject project, params string[] extraArguments)
    {
        string sarif = Path.Combine(project.Directory, "build.sarif");
        File.Delete(sarif);
        var arguments = new List<string> { "build", project.ProjectFile, "-c", "Release", "--no-incremental", $"-p:ErrorLog={sarif}%2Cversion=2.1" };
        arguments.AddRange(extraArguments);
        ProcessResult build = project.Dotnet(arguments.ToArray());
        Assert.True(build.ExitCode == 0, build.Output);

        // With PackageReference the generator and analyzers load: no word about them not loading.
        Assert.DoesNotContain("QOSPKG001", build.Output, StringComparison.Ordinal);
        return SarifLog.Read(sarif);
    }

    /// <summary>The QOS results of <paramref name="log"/> are exactly the <c>// expect:</c> comments of the C# files in <paramref name="directory"/>.</summary>
    private static void AssertReportsExactlyTheExpectComments(SarifLog log, string directory)
    {
        string[] expected = ExpectedDiagnostics(directory).ToArray();
        string[] actual = log.Qos.Select(r => $"{r.File}:{r.Line}: {r.RuleId}").Order(StringComparer.Ordinal).ToArray();
        Assert.True(expected.SequenceEqual(actual), $"Expected:\n{string.Join('\n', expected)}\nActual:\n{string.Join('\n', log.Qos)}");
    }

    /// <summary>Every <c>// expect: QOSnnn[, QOSmmm]</c> comment, as "file:line: ID", sorted.</summary>
    private static IEnumerable<string> ExpectedDiagnostics(string directory)
    {
        var expected = new List<string>();
        foreach (string file in Directory.GetFiles(directory, "*.cs"))
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
