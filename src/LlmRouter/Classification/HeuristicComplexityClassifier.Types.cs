using System.Runtime.CompilerServices;

namespace LlmRouter;

// Small value types the scan accumulates into.
public sealed partial class HeuristicComplexityClassifier
{
    private enum OperandKind
    {
        None,
        Number,
        Variable,
    }

    /// <summary>A keyword: matched at a word start, ignoring case, as a prefix unless <paramref name="WholeWord"/>.</summary>
    private readonly record struct Keyword(string Text, Category Category, byte Weight, bool WholeWord)
    {
        /// <summary>Gets the keyword's number in the seen-keyword bit set.</summary>
        public int Id { get; init; }

        /// <summary>Gets the keyword's first four characters as <see cref="Pack"/> packs them.</summary>
        public ulong Head { get; init; }

        /// <summary>Gets the bits of <see cref="Head"/> the keyword's characters cover.</summary>
        public ulong HeadMask { get; init; }

        /// <summary>Gets the keyword's characters five to eight as <see cref="Pack"/> packs them.</summary>
        public ulong Tail { get; init; }

        /// <summary>Gets the bits of <see cref="Tail"/> the keyword's characters cover (none for short keywords).</summary>
        public ulong TailMask { get; init; }

        /// <summary>Gets a value indicating whether matching <see cref="Head"/> and <see cref="Tail"/> is not proof enough: longer than eight characters, or not only letters.</summary>
        public bool NeedsFullCompare { get; init; }
    }

    private struct Counts
    {
        public int Code;
        public int Reasoning;
        public int Creative;
        public int Analysis;
        public int Task;
        public int FencedBlocks;
        public int StackFrames;
        public int CodePunctuation;
        public int NumberedItems;
        public int Bullets;
        public int Questions;
        public int MathExpressions;

        public const int MaxKeywords = 256;

        private SeenBits _seen;

        public readonly bool HasSeen(int id) => (_seen[id >> 6] & (1UL << (id & 63))) != 0;

        /// <summary>Adds a keyword's weight, once per distinct keyword: repeating a word is not more evidence.</summary>
        public void Add(in Keyword keyword)
        {
            ref var bits = ref _seen[keyword.Id >> 6];
            var mask = 1UL << (keyword.Id & 63);
            if ((bits & mask) != 0)
            {
                return;
            }

            bits |= mask;
            var weight = keyword.Weight;
            switch (keyword.Category)
            {
                case Category.Code:
                    Code += weight;
                    break;
                case Category.Reasoning:
                    Reasoning += weight;
                    break;
                case Category.Creative:
                    Creative += weight;
                    break;
                case Category.Analysis:
                    Analysis += weight;
                    break;
                default:
                    Task += weight;
                    break;
            }
        }
    }

    [InlineArray(Counts.MaxKeywords / 64)]
    private struct SeenBits
    {
        private ulong _element;
    }

    [InlineArray(16)]
    private struct SignalBuffer
    {
        private string _element;
    }
}
