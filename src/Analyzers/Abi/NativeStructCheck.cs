using System;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Abi
{
    /// <summary>What is wrong with a managed copy of a qos2.h struct, and where to point.</summary>
    internal sealed class StructProblem
    {
        public StructProblem(string detail, IFieldSymbol? field, bool blamesPack, bool blamesLayout)
        {
            Detail = detail;
            Field = field;
            BlamesPack = blamesPack;
            BlamesLayout = blamesLayout;
        }

        public string Detail { get; }

        /// <summary>The field at fault, when one is.</summary>
        public IFieldSymbol? Field { get; }

        /// <summary>The StructLayout Pack (or Size) causes the mismatch.</summary>
        public bool BlamesPack { get; }

        /// <summary>LayoutKind.Auto, or an explicit layout.</summary>
        public bool BlamesLayout { get; }
    }

    /// <summary>
    /// Compares managed structs that evidently stand for a qos2.h struct (by name, or by having exactly
    /// its field names) with the catalog's layout: field widths, offsets, the total size.
    /// </summary>
    internal static class NativeStructCheck
    {
        /// <summary>The catalog struct <paramref name="type"/> stands for, or null.</summary>
        public static QwaveStruct? Identify(INamedTypeSymbol type)
        {
            if ((type.TypeKind != TypeKind.Struct && type.TypeKind != TypeKind.Class) || type.SpecialType != SpecialType.None)
            {
                return null;
            }

            foreach (QwaveStruct native in QwaveCatalog.Structs)
            {
                if (SameIgnoringCaseAndUnderscores(native.Name, type.Name))
                {
                    return native;
                }
            }

            if (type.TypeKind != TypeKind.Struct)
            {
                return null;
            }

            int fields = InstanceFieldCount(type);
            foreach (QwaveStruct native in QwaveCatalog.Structs)
            {
                if (fields == native.Fields.Count && HasExactlyFields(type, native))
                {
                    return native;
                }
            }

            return null;
        }

        /// <summary>The first difference from <paramref name="native"/>'s layout, or null when the layouts agree (or cannot be computed).</summary>
        public static StructProblem? Judge(INamedTypeSymbol type, QwaveStruct native)
        {
            if (!StructLayoutCalculator.TryCompute(type, out StructLayoutCalculator.Layout layout))
            {
                return null;
            }

            string size = native.Size.ToString(CultureInfo.InvariantCulture);
            if (layout.IsAuto)
            {
                return new StructProblem("LayoutKind.Auto lets the runtime reorder the fields; " + native.Name + " needs LayoutKind.Sequential", null, blamesPack: false, blamesLayout: true);
            }

            if (layout.Fields.Length != native.Fields.Count)
            {
                return new StructProblem(
                    "it declares " + layout.Fields.Length.ToString(CultureInfo.InvariantCulture) + " fields; qos2.h's " + native.Name + " has " + native.Fields.Count.ToString(CultureInfo.InvariantCulture) + " (" + FieldList(native) + ")",
                    null,
                    blamesPack: false,
                    blamesLayout: false);
            }

            for (int i = 0; i < native.Fields.Count; i++)
            {
                QwaveField expected = native.Fields[i];
                StructLayoutCalculator.FieldLayout actual = layout.Fields[i];
                if (actual.Size != expected.Size)
                {
                    return new StructProblem(
                        "field '" + actual.Field.Name + "' is '" + actual.Field.Type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat) + "' (" + Bytes(actual.Size) + "); qos2.h has " + expected.NativeType + " " + expected.Name + " (" + Bytes(expected.Size) + ") in the " + size + "-byte " + native.Name + ": declare " + CanonicalFieldType(expected),
                        actual.Field,
                        blamesPack: false,
                        blamesLayout: false);
                }

                if (actual.Offset != expected.Offset)
                {
                    bool pack = layout.Pack > 0 && layout.Pack < native.Alignment;
                    return new StructProblem(
                        (pack ? "Pack = " + layout.Pack.ToString(CultureInfo.InvariantCulture) + " puts" : "the layout puts") + " field '" + actual.Field.Name + "' at offset " + actual.Offset.ToString(CultureInfo.InvariantCulture) + "; qos2.h has " + expected.Name + " at offset " + expected.Offset.ToString(CultureInfo.InvariantCulture) + " (natural alignment, " + size + " bytes in all)",
                        pack ? null : actual.Field,
                        blamesPack: pack,
                        blamesLayout: !pack && layout.StructLayout is not null);
                }
            }

            if (layout.Size != native.Size)
            {
                return new StructProblem(
                    "it is " + Bytes(layout.Size) + "; qos2.h's " + native.Name + " is " + Bytes(native.Size),
                    null,
                    blamesPack: layout.StructLayout is not null,
                    blamesLayout: false);
            }

            return null;
        }

        /// <summary>Where to report a problem: the field's type, the Pack/Size/LayoutKind argument, or the type's name.</summary>
        public static Location? LocationOf(INamedTypeSymbol type, StructProblem problem, System.Threading.CancellationToken cancellationToken)
        {
            if (problem.Field?.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is VariableDeclaratorSyntax declarator
                && declarator.Parent is VariableDeclarationSyntax declaration)
            {
                return declaration.Type.GetLocation();
            }

            var attribute = ImportDeclaration.Find(type.GetAttributes(), "StructLayoutAttribute")?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
            SyntaxNode? NamedArgument(string name) => attribute?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
            if (problem.BlamesPack && (NamedArgument("Pack") ?? NamedArgument("Size")) is SyntaxNode pack)
            {
                return pack.GetLocation();
            }

            if ((problem.BlamesLayout || problem.BlamesPack) && attribute is not null)
            {
                return attribute.GetLocation();
            }

            return type.Locations.FirstOrDefault(l => l.IsInSource);
        }

        /// <summary>The C# field type for a qos2.h field type.</summary>
        public static string CanonicalFieldType(QwaveField field) => field.NativeType switch
        {
            "USHORT" => "ushort",
            "UINT64" => "ulong",
            "BOOL" => "int",
            "ULONG" or "UINT32" or "DWORD" => "uint",
            _ => "int",
        };

        private static int InstanceFieldCount(INamedTypeSymbol type)
        {
            int count = 0;
            foreach (ISymbol member in type.GetMembers())
            {
                if (member is IFieldSymbol { IsStatic: false, IsConst: false })
                {
                    count++;
                }
            }

            return count;
        }

        private static bool HasExactlyFields(INamedTypeSymbol type, QwaveStruct native)
        {
            int count = 0;
            foreach (ISymbol member in type.GetMembers())
            {
                if (member is not IFieldSymbol { IsStatic: false, IsConst: false } field)
                {
                    continue;
                }

                count++;
                bool found = false;
                foreach (QwaveField f in native.Fields)
                {
                    found |= string.Equals(f.Name, field.Name, StringComparison.OrdinalIgnoreCase);
                }

                if (!found)
                {
                    return false;
                }
            }

            return count == native.Fields.Count && count >= 2;
        }

        /// <summary>QOS_FLOWRATE_OUTGOING matches QosFlowrateOutgoing and qos_flowrate_outgoing.</summary>
        private static bool SameIgnoringCaseAndUnderscores(string a, string b)
        {
            int i = 0, j = 0;
            while (true)
            {
                while (i < a.Length && a[i] == '_')
                {
                    i++;
                }

                while (j < b.Length && b[j] == '_')
                {
                    j++;
                }

                if (i == a.Length || j == b.Length)
                {
                    return i == a.Length && j == b.Length;
                }

                if (char.ToLowerInvariant(a[i]) != char.ToLowerInvariant(b[j]))
                {
                    return false;
                }

                i++;
                j++;
            }
        }

        private static string Bytes(int n) => n.ToString(CultureInfo.InvariantCulture) + (n == 1 ? " byte" : " bytes");

        private static string FieldList(QwaveStruct native)
        {
            var parts = new string[native.Fields.Count];
            for (int i = 0; i < parts.Length; i++)
            {
                parts[i] = native.Fields[i].NativeType + " " + native.Fields[i].Name;
            }

            return string.Join(", ", parts);
        }
    }
}
