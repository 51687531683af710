using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace QosAnalyzers.Analyzers.Flow
{
    /// <summary>
    /// Results in the order their operations appear in the source, so that findings come out the same way every run.
    /// Most results of a method are empty or hold one or two entries: those cost no sorting machinery.
    /// </summary>
    internal static class SourceOrder
    {
        private const int InsertionSortLimit = 16;

        /// <summary><paramref name="items"/> ordered by where <paramref name="at"/> starts; ties keep their order.</summary>
        public static IReadOnlyList<T> By<T>(IReadOnlyCollection<T> items, Func<T, IOperation> at)
        {
            if (items.Count == 0)
            {
                return Array.Empty<T>();
            }

            if (items.Count > InsertionSortLimit)
            {
                return Sorted(items, at);
            }

            var sorted = new T[items.Count];
            int count = 0;
            foreach (T item in items)
            {
                int start = at(item).Syntax.SpanStart;
                int position = count;
                while (position > 0 && at(sorted[position - 1]).Syntax.SpanStart > start)
                {
                    sorted[position] = sorted[position - 1];
                    position--;
                }

                sorted[position] = item;
                count++;
            }

            return sorted;
        }

        // Apart, so that the closure is only made when it is used.
        private static List<T> Sorted<T>(IEnumerable<T> items, Func<T, IOperation> at) => items.OrderBy(i => at(i).Syntax.SpanStart).ToList();

        /// <summary>The item of <paramref name="items"/> that <paramref name="at"/> places first in the source (the first such on ties), or the default.</summary>
        public static T? Earliest<T>(IEnumerable<T> items, Func<T, IOperation> at)
        {
            T? earliest = default;
            int best = int.MaxValue;
            foreach (T item in items)
            {
                int start = at(item).Syntax.SpanStart;
                if (start < best)
                {
                    best = start;
                    earliest = item;
                }
            }

            return earliest;
        }
    }
}
