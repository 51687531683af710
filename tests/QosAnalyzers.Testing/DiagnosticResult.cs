using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace QosAnalyzers.Testing;

/// <summary>An expected diagnostic: an ID, optionally a location and the message arguments.</summary>
public sealed record DiagnosticResult
{
    public DiagnosticResult(string id) => Id = id;

    public string Id { get; }

    /// <summary>The markup location <c>{|#n:…|}</c> the diagnostic must be reported on.</summary>
    public int? LocationIndex { get; init; }

    /// <summary>A span taken from <c>[|…|]</c> or <c>{|ID:…|}</c> markup: document index and span.</summary>
    internal (int Document, TextSpan Span)? MarkupSpan { get; init; }

    /// <summary>An explicit 1-based line/column start, for diagnostics without markup.</summary>
    public (string? Path, int Line, int Column)? LineColumn { get; init; }

    /// <summary>Additional locations, as markup indexes, in the reported order.</summary>
    public ImmutableArray<int> AdditionalLocationIndexes { get; init; } = ImmutableArray<int>.Empty;

    /// <summary>The message arguments; null means not checked.</summary>
    public ImmutableArray<string>? Arguments { get; init; }

    /// <summary>The exact message; null means not checked.</summary>
    public string? Message { get; init; }

    /// <summary>The effective severity; null means not checked.</summary>
    public DiagnosticSeverity? Severity { get; init; }

    public static DiagnosticResult Diagnostic(string id) => new(id);

    public static DiagnosticResult CompilerError(string id) => new(id) { Severity = DiagnosticSeverity.Error };

    public DiagnosticResult WithLocation(int markupIndex) => this with { LocationIndex = markupIndex };

    public DiagnosticResult WithLocation(int line, int column) => this with { LineColumn = (null, line, column) };

    public DiagnosticResult WithLocation(string path, int line, int column) => this with { LineColumn = (path, line, column) };

    public DiagnosticResult WithAdditionalLocations(params int[] markupIndexes) => this with { AdditionalLocationIndexes = markupIndexes.ToImmutableArray() };

    public DiagnosticResult WithArguments(params object[] arguments) =>
        this with { Arguments = arguments.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? string.Empty).ToImmutableArray() };

    public DiagnosticResult WithMessage(string message) => this with { Message = message };

    public DiagnosticResult WithSeverity(DiagnosticSeverity severity) => this with { Severity = severity };

    public override string ToString()
    {
        string where = LocationIndex is int i ? $" at #{i}" : LineColumn is { } lc ? $" at ({lc.Line},{lc.Column})" : string.Empty;
        string args = Arguments is { } a ? $" args [{string.Join(", ", a)}]" : string.Empty;
        return Id + where + args;
    }
}
