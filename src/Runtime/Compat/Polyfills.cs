// netstandard2.0 only: internal copies of the attribute and helper types the C# compiler and the
// platform analyzer look up by name, which .NET 5+ ships in the framework. Internal, so they never
// clash with a consumer's own copies or with the framework's when the net8.0 build is used.
#if !NET
#pragma warning disable SA1402, SA1649, CA1019 // several small types in one file; attribute arguments mirror the framework's.

namespace System.Runtime.CompilerServices
{
    /// <summary>Lets the compiler emit <c>init</c> accessors and records.</summary>
    internal static class IsExternalInit
    {
    }

    /// <summary>The caller's argument text, for the guard helpers.</summary>
    [AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
    internal sealed class CallerArgumentExpressionAttribute : Attribute
    {
        public CallerArgumentExpressionAttribute(string parameterName) => ParameterName = parameterName;

        public string ParameterName { get; }
    }
}

namespace System.Runtime.Versioning
{
    /// <summary>The platform a member runs on; informational on netstandard2.0.</summary>
    [AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Constructor | AttributeTargets.Enum | AttributeTargets.Event | AttributeTargets.Field | AttributeTargets.Interface | AttributeTargets.Method | AttributeTargets.Module | AttributeTargets.Property | AttributeTargets.Struct, AllowMultiple = true, Inherited = false)]
    internal sealed class SupportedOSPlatformAttribute : Attribute
    {
        public SupportedOSPlatformAttribute(string platformName) => PlatformName = platformName;

        public string PlatformName { get; }
    }

    /// <summary>The platform a member does not run on; informational on netstandard2.0.</summary>
    [AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Constructor | AttributeTargets.Enum | AttributeTargets.Event | AttributeTargets.Field | AttributeTargets.Interface | AttributeTargets.Method | AttributeTargets.Module | AttributeTargets.Property | AttributeTargets.Struct, AllowMultiple = true, Inherited = false)]
    internal sealed class UnsupportedOSPlatformAttribute : Attribute
    {
        public UnsupportedOSPlatformAttribute(string platformName) => PlatformName = platformName;

        public string PlatformName { get; }
    }
}

namespace System.Runtime.Versioning
{
    /// <summary>The annotated member guards calls to APIs supported on the platform.</summary>
    [AttributeUsage(AttributeTargets.Field | AttributeTargets.Method | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
    internal sealed class SupportedOSPlatformGuardAttribute : Attribute
    {
        public SupportedOSPlatformGuardAttribute(string platformName) => PlatformName = platformName;

        public string PlatformName { get; }
    }
}

namespace System.Diagnostics.CodeAnalysis
{
    /// <summary>The argument is not null when the method returns <see cref="ReturnValue"/>.</summary>
    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
    internal sealed class NotNullWhenAttribute : Attribute
    {
        public NotNullWhenAttribute(bool returnValue) => ReturnValue = returnValue;

        public bool ReturnValue { get; }
    }

    /// <summary>The argument is not null when the method returns.</summary>
    [AttributeUsage(AttributeTargets.Field | AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.ReturnValue, Inherited = false)]
    internal sealed class NotNullAttribute : Attribute
    {
    }

    /// <summary>The method does not return when the argument equals <see cref="ParameterValue"/>.</summary>
    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
    internal sealed class DoesNotReturnIfAttribute : Attribute
    {
        public DoesNotReturnIfAttribute(bool parameterValue) => ParameterValue = parameterValue;

        public bool ParameterValue { get; }
    }

    /// <summary>The method never returns.</summary>
    [AttributeUsage(AttributeTargets.Method, Inherited = false)]
    internal sealed class DoesNotReturnAttribute : Attribute
    {
    }
}

namespace System.Threading.Tasks
{
    /// <summary>The non-generic TaskCompletionSource of .NET 5+, over <see cref="TaskCompletionSource{TResult}"/>.</summary>
    internal sealed class TaskCompletionSource
    {
        private readonly TaskCompletionSource<bool> _inner;

        public TaskCompletionSource(TaskCreationOptions creationOptions) => _inner = new TaskCompletionSource<bool>(creationOptions);

        public Task Task => _inner.Task;

        public bool TrySetResult() => _inner.TrySetResult(true);

        public void SetResult() => _inner.SetResult(true);

        public bool TrySetException(Exception exception) => _inner.TrySetException(exception);

        public bool TrySetCanceled() => _inner.TrySetCanceled();
    }
}

namespace System.Runtime.InteropServices
{
    /// <summary>The part of .NET 6's NativeMemory the runtime uses, over <see cref="Marshal.AllocHGlobal(IntPtr)"/>.</summary>
    internal static unsafe class NativeMemory
    {
        public static void* AllocZeroed(nuint byteCount)
        {
            void* block = (void*)Marshal.AllocHGlobal((IntPtr)(long)byteCount);
            new Span<byte>(block, checked((int)byteCount)).Clear();
            return block;
        }

        public static void Free(void* block)
        {
            if (block != null)
            {
                Marshal.FreeHGlobal((IntPtr)block);
            }
        }
    }
}
#endif
