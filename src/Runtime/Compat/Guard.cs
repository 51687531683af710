using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace QosAnalyzers.Compat;

/// <summary>
/// Argument and state checks for both targets: the .NET 8 throw helpers on net8.0, the same
/// exceptions (type, parameter name, message shape) built by hand on netstandard2.0.
/// </summary>
internal static class Guard
{
    /// <summary><see cref="ArgumentNullException"/> when <paramref name="argument"/> is null.</summary>
    public static void NotNull([NotNull] object? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
    {
#if NET
        ArgumentNullException.ThrowIfNull(argument, paramName);
#else
        if (argument is null)
        {
            throw new ArgumentNullException(paramName);
        }
#endif
    }

    /// <summary><see cref="ObjectDisposedException"/> for <paramref name="instance"/> when <paramref name="condition"/> holds.</summary>
    public static void NotDisposed([DoesNotReturnIf(true)] bool condition, object instance)
    {
#if NET
        ObjectDisposedException.ThrowIf(condition, instance);
#else
        if (condition)
        {
            throw new ObjectDisposedException(instance.GetType().FullName);
        }
#endif
    }

    /// <summary><see cref="ArgumentOutOfRangeException"/> when <paramref name="value"/> is below <paramref name="other"/>.</summary>
    public static void NotLessThan(int value, int other, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
#if NET
        ArgumentOutOfRangeException.ThrowIfLessThan(value, other, paramName);
#else
        if (value < other)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} ('{value}') must be greater than or equal to '{other}'.");
        }
#endif
    }
}
