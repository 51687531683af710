using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace QosAnalyzers.Analyzers.Platforms
{
    /// <summary>
    /// Proves that code cannot run on Windows, reading guards the way the platform compatibility analyzer
    /// (CA1416) reads them: OperatingSystem.IsXxx() and RuntimeInformation.IsOSPlatform conditions that
    /// enclose the code or return early before it, members marked [SupportedOSPlatformGuard] or
    /// [UnsupportedOSPlatformGuard], Debug.Assert, and [SupportedOSPlatform]/[UnsupportedOSPlatform] on
    /// the code's member, its types and its assembly. Anything it does not understand proves nothing.
    /// </summary>
    internal sealed class OperatingSystemGuards
    {
        private const string Windows = "windows";
        private const string VersioningNamespace = "System.Runtime.Versioning";
        private const int PlatformIdWin32NT = 2;
        private const int PlatformIdUnix = 4;
        private const int PlatformIdMacOSX = 6;

        private readonly INamedTypeSymbol? _operatingSystem;
        private readonly INamedTypeSymbol? _runtimeInformation;
        private readonly INamedTypeSymbol? _osPlatform;
        private readonly INamedTypeSymbol? _debug;
        private readonly Lazy<AttributeVerdict> _assembly;

        public OperatingSystemGuards(Compilation compilation)
        {
            _operatingSystem = compilation.GetTypeByMetadataName("System.OperatingSystem");
            _runtimeInformation = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.RuntimeInformation");
            _osPlatform = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.OSPlatform");
            _debug = compilation.GetTypeByMetadataName("System.Diagnostics.Debug");
            IAssemblySymbol assembly = compilation.Assembly;
            _assembly = new Lazy<AttributeVerdict>(() =>
            {
                var verdict = default(AttributeVerdict);
                verdict.Add(assembly.GetAttributes());
                return verdict;
            });
        }

        /// <summary>True when <paramref name="operation"/>, in <paramref name="containingSymbol"/>, provably never runs on Windows.</summary>
        public bool ExcludesWindows(IOperation operation, ISymbol? containingSymbol)
        {
            var verdict = default(AttributeVerdict);
            for (IOperation node = operation; node.Parent is IOperation parent; node = parent)
            {
                switch (parent)
                {
                    case IConditionalOperation conditional when node == conditional.WhenTrue && ProvesNotWindows(conditional.Condition, true):
                    case IConditionalOperation conditional2 when node == conditional2.WhenFalse && ProvesNotWindows(conditional2.Condition, false):
                        return true;
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both when node == both.RightOperand && ProvesNotWindows(both.LeftOperand, true):
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } either when node == either.RightOperand && ProvesNotWindows(either.LeftOperand, false):
                        return true;
                    case IBlockOperation block when node is not ILocalFunctionOperation && PrecededByGuard(block.Operations, node):
                        return true;
                    case ISwitchCaseOperation section when node is not ILocalFunctionOperation && PrecededByGuard(section.Body, node):
                        return true;
                }

                // Platform attributes on local functions and lambdas count as on members.
                switch (node)
                {
                    case ILocalFunctionOperation local:
                        verdict.Add(local.Symbol.GetAttributes());
                        break;
                    case IAnonymousFunctionOperation lambda:
                        verdict.Add(lambda.Symbol.GetAttributes());
                        break;
                }
            }

            for (ISymbol? symbol = containingSymbol; symbol is not null and not INamespaceSymbol; symbol = symbol.ContainingSymbol)
            {
                verdict.Add(symbol.GetAttributes());
                if (symbol is IMethodSymbol { AssociatedSymbol: ISymbol associated })
                {
                    verdict.Add(associated.GetAttributes());
                }
            }

            AttributeVerdict assembly = _assembly.Value;
            return !verdict.IncludesWindows && !assembly.IncludesWindows && (verdict.ExcludesWindows || assembly.ExcludesWindows);
        }

        /// <summary>
        /// A statement before <paramref name="node"/> in the same list that leaves unless the platform is not
        /// Windows: <c>if (OperatingSystem.IsWindows()) return;</c>, or <c>Debug.Assert(!OperatingSystem.IsWindows())</c>.
        /// </summary>
        private bool PrecededByGuard(ImmutableArray<IOperation> statements, IOperation node)
        {
            int index = statements.IndexOf(node);
            for (int i = 0; i < index; i++)
            {
                switch (statements[i])
                {
                    case IConditionalOperation conditional when Exits(conditional.WhenTrue) && ProvesNotWindows(conditional.Condition, false):
                    case IConditionalOperation conditional2 when conditional2.WhenFalse is not null && Exits(conditional2.WhenFalse) && ProvesNotWindows(conditional2.Condition, true):
                        return true;
                    case IExpressionStatementOperation { Operation: IInvocationOperation assert } when IsDebugAssert(assert) && ProvesNotWindows(assert.Arguments[0].Value, true):
                        return true;
                }
            }

            return false;
        }

        /// <summary>A statement that always leaves: return, throw, break, continue, yield break (a block ending in one).</summary>
        private static bool Exits(IOperation? statement)
        {
            switch (statement)
            {
                case IReturnOperation:
                case IThrowOperation:
                case IExpressionStatementOperation { Operation: IThrowOperation }:
                case IBranchOperation { BranchKind: BranchKind.Break or BranchKind.Continue }:
                    return true;
                case IBlockOperation block:
                    return !block.Operations.IsEmpty && Exits(block.Operations[block.Operations.Length - 1]);
                default:
                    return false;
            }
        }

        private bool IsDebugAssert(IInvocationOperation invocation) =>
            invocation.TargetMethod.Name == "Assert"
            && _debug is not null
            && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, _debug)
            && invocation.Arguments.Length > 0
            && invocation.Arguments[0].Parameter?.Ordinal == 0;

        /// <summary>True when <paramref name="condition"/> having the value <paramref name="when"/> proves the platform is not Windows.</summary>
        public bool ProvesNotWindows(IOperation? condition, bool when)
        {
            switch (condition)
            {
                case null:
                    return false;
                case IConversionOperation { IsImplicit: true } conversion:
                    return ProvesNotWindows(conversion.Operand, when);
                case IParenthesizedOperation parenthesized:
                    return ProvesNotWindows(parenthesized.Operand, when);
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } negation:
                    return ProvesNotWindows(negation.Operand, !when);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both:
                    // a && b true: both are; false: either is, so each must prove it.
                    return when
                        ? ProvesNotWindows(both.LeftOperand, true) || ProvesNotWindows(both.RightOperand, true)
                        : ProvesNotWindows(both.LeftOperand, false) && ProvesNotWindows(both.RightOperand, false);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } either:
                    return when
                        ? ProvesNotWindows(either.LeftOperand, true) && ProvesNotWindows(either.RightOperand, true)
                        : ProvesNotWindows(either.LeftOperand, false) || ProvesNotWindows(either.RightOperand, false);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                    bool equals = comparison.OperatorKind == BinaryOperatorKind.Equals;
                    if (comparison.RightOperand.ConstantValue is { HasValue: true, Value: bool right })
                    {
                        return ProvesNotWindows(comparison.LeftOperand, when == equals ? right : !right);
                    }

                    if (comparison.LeftOperand.ConstantValue is { HasValue: true, Value: bool left })
                    {
                        return ProvesNotWindows(comparison.RightOperand, when == equals ? left : !left);
                    }

                    return PlatformIdProvesNotWindows(comparison, platformEquals: when == equals);
                case IIsPatternOperation { Pattern: IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: bool constant } } } pattern:
                    return when && ProvesNotWindows(pattern.Value, constant);
                case IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: bool negated } } } } pattern:
                    return when && ProvesNotWindows(pattern.Value, !negated);
                case IInvocationOperation invocation:
                    return Check(invocation) switch
                    {
                        PlatformCheck.Windows => !when,
                        PlatformCheck.NotWindows => when,
                        _ => false,
                    };
                case IPropertyReferenceOperation property:
                    return GuardAttributes(property.Property) == PlatformCheck.NotWindows && when;
                case IFieldReferenceOperation field:
                    return GuardAttributes(field.Field) == PlatformCheck.NotWindows && when;
                default:
                    return false;
            }
        }

        /// <summary>
        /// <c>Environment.OSVersion.Platform == PlatformID.Unix</c> (or <c>MacOSX</c>), or <c>!= PlatformID.Win32NT</c>,
        /// the check older code writes: <paramref name="platformEquals"/> tells whether Platform is known equal to the constant.
        /// </summary>
        private bool PlatformIdProvesNotWindows(IBinaryOperation comparison, bool platformEquals)
        {
            IOperation platform = comparison.LeftOperand, other = comparison.RightOperand;
            if (!IsPlatformProperty(platform))
            {
                (platform, other) = (other, platform);
            }

            if (!IsPlatformProperty(platform) || other.ConstantValue is not { HasValue: true, Value: int id })
            {
                return false;
            }

            return platformEquals ? id == PlatformIdUnix || id == PlatformIdMacOSX : id == PlatformIdWin32NT;
        }

        private bool IsPlatformProperty(IOperation operation)
        {
            while (operation is IConversionOperation { IsImplicit: true } conversion)
            {
                operation = conversion.Operand;
            }

            return operation is IPropertyReferenceOperation { Property: { Name: "Platform", IsStatic: false } property }
                && _operatingSystem is not null
                && SymbolEqualityComparer.Default.Equals(property.ContainingType, _operatingSystem);
        }

        /// <summary>What a true result of the call says about the platform.</summary>
        private PlatformCheck Check(IInvocationOperation invocation)
        {
            IMethodSymbol method = invocation.TargetMethod;
            INamedTypeSymbol type = method.ContainingType;
            if (_operatingSystem is not null && SymbolEqualityComparer.Default.Equals(type, _operatingSystem) && method.IsStatic)
            {
                string name = method.Name;
                if (name == "IsOSPlatform" || name == "IsOSPlatformVersionAtLeast")
                {
                    return PlatformNamed(ConstantString(invocation, 0), versioned: name != "IsOSPlatform");
                }

                if (name == "IsWindows")
                {
                    return PlatformCheck.Windows;
                }

                if (name.StartsWith("IsWindows", StringComparison.Ordinal))
                {
                    // IsWindowsVersionAtLeast: true is Windows, false may still be an older Windows.
                    return PlatformCheck.WindowsWhenTrueOnly;
                }

                // IsLinux, IsMacOS, IsFreeBSD, IsAndroid, IsIOS, IsBrowser… and their VersionAtLeast forms.
                return name.StartsWith("Is", StringComparison.Ordinal) ? PlatformCheck.NotWindows : PlatformCheck.Unknown;
            }

            if (_runtimeInformation is not null && SymbolEqualityComparer.Default.Equals(type, _runtimeInformation) && method.Name == "IsOSPlatform"
                && invocation.Arguments.Length == 1)
            {
                return PlatformNamed(OSPlatformName(invocation.Arguments[0].Value), versioned: false);
            }

            return GuardAttributes(method);
        }

        private static string? ConstantString(IInvocationOperation invocation, int ordinal)
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Parameter?.Ordinal == ordinal && argument.Value.ConstantValue is { HasValue: true, Value: string value })
                {
                    return value;
                }
            }

            return null;
        }

        /// <summary>OSPlatform.Linux, OSPlatform.Windows…, or OSPlatform.Create("…") with a constant.</summary>
        private string? OSPlatformName(IOperation value)
        {
            while (value is IConversionOperation { IsImplicit: true } conversion)
            {
                value = conversion.Operand;
            }

            if (_osPlatform is null)
            {
                return null;
            }

            switch (value)
            {
                case IPropertyReferenceOperation property when property.Property.IsStatic && SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, _osPlatform):
                    return property.Property.Name == "OSX" ? "macos" : property.Property.Name;
                case IInvocationOperation { TargetMethod.Name: "Create" } create when SymbolEqualityComparer.Default.Equals(create.TargetMethod.ContainingType, _osPlatform):
                    return ConstantString(create, 0);
                default:
                    return null;
            }
        }

        private static PlatformCheck PlatformNamed(string? platform, bool versioned)
        {
            if (string.IsNullOrEmpty(platform))
            {
                return PlatformCheck.Unknown;
            }

            if (IsWindowsName(platform!))
            {
                return versioned || HasVersion(platform!) ? PlatformCheck.WindowsWhenTrueOnly : PlatformCheck.Windows;
            }

            return PlatformCheck.NotWindows;
        }

        /// <summary>[SupportedOSPlatformGuard] naming only platforms other than Windows, or [UnsupportedOSPlatformGuard("windows")].</summary>
        private static PlatformCheck GuardAttributes(ISymbol symbol)
        {
            bool supportsOther = false;
            foreach (AttributeData attribute in symbol.GetAttributes())
            {
                if (PlatformOf(attribute, "SupportedOSPlatformGuardAttribute") is string supported)
                {
                    if (IsWindowsName(supported))
                    {
                        return PlatformCheck.Unknown;
                    }

                    supportsOther = true;
                }
                else if (PlatformOf(attribute, "UnsupportedOSPlatformGuardAttribute") is string unsupported && IsWindowsName(unsupported) && !HasVersion(unsupported))
                {
                    return PlatformCheck.NotWindows;
                }
            }

            return supportsOther ? PlatformCheck.NotWindows : PlatformCheck.Unknown;
        }

        /// <summary>The platform string of a System.Runtime.Versioning attribute named <paramref name="attributeName"/>, matched by name as the SDK's analyzer does.</summary>
        private static string? PlatformOf(AttributeData attribute, string attributeName) =>
            attribute.AttributeClass is { } type
            && type.Name == attributeName
            && type.ContainingNamespace?.ToDisplayString() == VersioningNamespace
            && attribute.ConstructorArguments.Length == 1
            && attribute.ConstructorArguments[0].Value is string platform
            && platform.Length > 0
                ? platform
                : null;

        private static bool IsWindowsName(string platform) =>
            platform.Length >= Windows.Length
            && string.Compare(platform, 0, Windows, 0, Windows.Length, StringComparison.OrdinalIgnoreCase) == 0
            && (platform.Length == Windows.Length || !char.IsLetter(platform[Windows.Length]));

        private static bool HasVersion(string platform)
        {
            foreach (char c in platform)
            {
                if (char.IsDigit(c))
                {
                    return true;
                }
            }

            return false;
        }

        private enum PlatformCheck
        {
            Unknown,

            /// <summary>True: Windows; false: not Windows.</summary>
            Windows,

            /// <summary>True: Windows; false: proves nothing (a version check).</summary>
            WindowsWhenTrueOnly,

            /// <summary>True: not Windows; false: proves nothing.</summary>
            NotWindows,
        }

        /// <summary>[SupportedOSPlatform]/[UnsupportedOSPlatform] gathered over a member, its containers and its assembly.</summary>
        private struct AttributeVerdict
        {
            /// <summary>Some level allows only platforms other than Windows, or some level excludes every Windows.</summary>
            public bool ExcludesWindows;

            /// <summary>Some level names Windows as supported: then nothing is proved.</summary>
            public bool IncludesWindows;

            public void Add(ImmutableArray<AttributeData> attributes)
            {
                bool supportsOther = false;
                foreach (AttributeData attribute in attributes)
                {
                    if (PlatformOf(attribute, "SupportedOSPlatformAttribute") is string supported)
                    {
                        if (IsWindowsName(supported))
                        {
                            IncludesWindows = true;
                        }
                        else
                        {
                            supportsOther = true;
                        }
                    }
                    else if (PlatformOf(attribute, "UnsupportedOSPlatformAttribute") is string unsupported && IsWindowsName(unsupported) && !HasVersion(unsupported))
                    {
                        ExcludesWindows = true;
                    }
                }

                if (supportsOther)
                {
                    ExcludesWindows = true;
                }
            }
        }
    }
}
