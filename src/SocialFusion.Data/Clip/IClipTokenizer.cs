namespace SocialFusion.Data.Clip;

/// <summary>
/// The text side of a CLIP-like checkpoint: OpenAI CLIP's byte-level BPE (<see cref="ClipTokenizer"/>) or
/// Chinese-CLIP's BERT WordPiece (<see cref="BertTokenizer"/>). Implementations are thread-safe.
/// </summary>
public interface IClipTokenizer
{
    /// <summary>The checkpoint's context length: 77 for CLIP, 52 for the published Chinese-CLIP models.</summary>
    int ContextLength { get; }

    /// <summary>Piece ids of <paramref name="text"/> without start/end tokens, never truncated.</summary>
    int[] Encode(string text);

    /// <summary>Start token, piece ids, end token, truncated to <paramref name="contextLength"/> keeping the end token, padded to it.</summary>
    long[] Tokenize(string text, int contextLength);

    /// <summary>The model input without padding: start token, piece ids, end token (at most <see cref="ContextLength"/>).</summary>
    long[] TokenIds(string text);

    /// <summary>Readable token strings of <paramref name="ids"/> (markers such as <c>[CLS]</c> included).</summary>
    IReadOnlyList<string> TokenStrings(IReadOnlyList<long> ids);
}
