using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Models.Clip;

/// <summary>
/// BERT's input representation (Devlin et al. 2019, section 3, figure 2; HF <c>text_model.embeddings</c>): word +
/// token type (segment) + absolute position embeddings, then LayerNorm. Dropout is omitted (frozen inference).
/// </summary>
public sealed class BertEmbeddings : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Embedding word_embeddings, position_embeddings, token_type_embeddings;
    private readonly LayerNorm LayerNorm;

    /// <summary>Builds the embeddings.</summary>
    public BertEmbeddings(BertConfig c) : base(nameof(BertEmbeddings))
    {
        word_embeddings = nn.Embedding(c.VocabSize, c.HiddenSize);
        position_embeddings = nn.Embedding(c.MaxPositionEmbeddings, c.HiddenSize);
        token_type_embeddings = nn.Embedding(c.TypeVocabSize, c.HiddenSize);
        LayerNorm = nn.LayerNorm(c.HiddenSize, c.LayerNormEps);
        RegisterComponents();
    }

    /// <summary>[B, L] ids and [B, L] token types -> [B, L, D]; positions 0..L-1.</summary>
    public override Tensor forward(Tensor ids, Tensor tokenTypes)
    {
        using var scope = NewDisposeScope();
        long l = ids.shape[1];
        if (l > position_embeddings.weight!.shape[0])
            throw new ArgumentException($"text length {l} exceeds max_position_embeddings {position_embeddings.weight.shape[0]}");
        // HF order: (word + token type) + position.
        var x = word_embeddings.forward(ids) + token_type_embeddings.forward(tokenTypes); // [B, L, D]
        x = x + position_embeddings.weight.narrow(0, 0, l);                                // + [L, D] broadcast
        return LayerNorm.forward(x).MoveToOuterDisposeScope();
    }
}
