using System;
using System.Collections.Generic;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Recognition
{
    /// <summary>
    /// The names under which a referenced assembly declares qWAVE bindings, read from its metadata
    /// tables without creating symbols: P/Invokes whose module is qwave (any EntryPoint alias), and
    /// methods marked QwaveEntryPoint, [QosFlow] classes. Cached per module image, which compilations share.
    /// </summary>
    internal static class MetadataBindingNames
    {
        private static readonly ConditionalWeakTable<ModuleMetadata, string[]> s_names = new ConditionalWeakTable<ModuleMetadata, string[]>();

        /// <summary>The binding names in <paramref name="metadata"/>; null when the image cannot be read.</summary>
        public static string[]? Of(ModuleMetadata metadata)
        {
            if (s_names.TryGetValue(metadata, out string[]? cached))
            {
                return cached;
            }

            string[]? names;
            try
            {
                names = Read(metadata.GetMetadataReader());
            }
            catch (BadImageFormatException)
            {
                return null;
            }
            catch (InvalidOperationException)
            {
                return null;
            }

            return s_names.GetValue(metadata, _ => names);
        }

        private static string[] Read(MetadataReader reader)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);

            // P/Invokes: the module reference names qwave, whatever the method is called.
            var qwaveModules = new HashSet<ModuleReferenceHandle>();
            int moduleCount = reader.GetTableRowCount(TableIndex.ModuleRef);
            for (int row = 1; row <= moduleCount; row++)
            {
                ModuleReferenceHandle handle = MetadataTokens.ModuleReferenceHandle(row);
                if (QwaveRecognizer.IsQwaveModule(reader.GetString(reader.GetModuleReference(handle).Name)))
                {
                    qwaveModules.Add(handle);
                }
            }

            if (qwaveModules.Count > 0)
            {
                foreach (MethodDefinitionHandle handle in reader.MethodDefinitions)
                {
                    MethodDefinition method = reader.GetMethodDefinition(handle);
                    if ((method.Attributes & MethodAttributes.PinvokeImpl) != 0 && qwaveModules.Contains(method.GetImport().Module))
                    {
                        names.Add(reader.GetString(method.Name));
                    }
                }
            }

            // Methods marked QwaveEntryPoint, and [QosFlow] classes, whose generated static Add/TryAdd
            // are called through the class name. Either attribute is declared here or referenced.
            EntityHandle marker = FindType(reader, PackageApi.Namespace, PackageApi.EntryPointAttribute.Name);
            EntityHandle flow = FindType(reader, PackageApi.Namespace, PackageApi.FlowAttribute.Name);
            if (!marker.IsNil || !flow.IsNil)
            {
                foreach (CustomAttributeHandle handle in reader.CustomAttributes)
                {
                    CustomAttribute attribute = reader.GetCustomAttribute(handle);
                    if (attribute.Parent.Kind == HandleKind.MethodDefinition && !marker.IsNil && AttributeType(reader, attribute) == marker)
                    {
                        names.Add(reader.GetString(reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Parent).Name));
                    }
                    else if (attribute.Parent.Kind == HandleKind.TypeDefinition && !flow.IsNil && AttributeType(reader, attribute) == flow)
                    {
                        names.Add(reader.GetString(reader.GetTypeDefinition((TypeDefinitionHandle)attribute.Parent).Name));
                    }
                }
            }

            var result = new string[names.Count];
            names.CopyTo(result);
            return result;
        }

        private static EntityHandle FindType(MetadataReader reader, string @namespace, string name)
        {
            foreach (TypeDefinitionHandle handle in reader.TypeDefinitions)
            {
                TypeDefinition type = reader.GetTypeDefinition(handle);
                if (reader.StringComparer.Equals(type.Name, name) && reader.StringComparer.Equals(type.Namespace, @namespace))
                {
                    return handle;
                }
            }

            foreach (TypeReferenceHandle handle in reader.TypeReferences)
            {
                TypeReference type = reader.GetTypeReference(handle);
                if (reader.StringComparer.Equals(type.Name, name) && reader.StringComparer.Equals(type.Namespace, @namespace))
                {
                    return handle;
                }
            }

            return default;
        }

        private static EntityHandle AttributeType(MetadataReader reader, CustomAttribute attribute)
        {
            switch (attribute.Constructor.Kind)
            {
                case HandleKind.MemberReference:
                    return reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
                case HandleKind.MethodDefinition:
                    return reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType();
                default:
                    return default;
            }
        }
    }
}
