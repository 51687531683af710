#if !NET
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace QosAnalyzers.Compat;

/// <summary>
/// netstandard2.0 only: the few .NET Core instance members the runtime calls, as extension methods
/// of the same name and meaning, so the shared source reads the same on both targets.
/// </summary>
internal static class Extensions
{
    public static void Deconstruct<TKey, TValue>(this KeyValuePair<TKey, TValue> pair, out TKey key, out TValue value)
    {
        key = pair.Key;
        value = pair.Value;
    }

    public static bool Remove<TKey, TValue>(this Dictionary<TKey, TValue> dictionary, TKey key, out TValue value)
        where TKey : notnull
    {
        if (dictionary.TryGetValue(key, out value!))
        {
            dictionary.Remove(key);
            return true;
        }

        return false;
    }

    public static bool TryDequeue<T>(this Queue<T> queue, out T result)
    {
        if (queue.Count > 0)
        {
            result = queue.Dequeue();
            return true;
        }

        result = default!;
        return false;
    }

    /// <summary>Like .NET's UnsafeRegister: the callback runs without the registering thread's ExecutionContext.</summary>
    public static CancellationTokenRegistration UnsafeRegister(this CancellationToken token, Action<object?> callback, object? state)
    {
        if (ExecutionContext.IsFlowSuppressed())
        {
            return token.Register(callback, state);
        }

        using (ExecutionContext.SuppressFlow())
        {
            return token.Register(callback, state);
        }
    }

    /// <summary>
    /// Like .NET's Unregister, never waits for a callback running on another thread: netstandard2.0's
    /// only way out, Dispose, does wait, so it runs on the thread pool instead of on the caller.
    /// </summary>
    public static void Unregister(this CancellationTokenRegistration registration)
    {
        if (registration.Equals(default(CancellationTokenRegistration)))
        {
            return;
        }

        ThreadPool.QueueUserWorkItem(static r => ((IDisposable)r!).Dispose(), registration);
    }

    /// <summary>Like .NET's WaitAsync: <see cref="TimeoutException"/> once <paramref name="timeout"/> passes first.</summary>
    public static async Task WaitAsync(this Task task, TimeSpan timeout)
    {
        using var delayCancel = new CancellationTokenSource();
        Task first = await Task.WhenAny(task, Task.Delay(timeout, delayCancel.Token)).ConfigureAwait(false);
        if (first != task)
        {
            throw new TimeoutException();
        }

        delayCancel.Cancel();
        await task.ConfigureAwait(false);
    }
}
#endif
