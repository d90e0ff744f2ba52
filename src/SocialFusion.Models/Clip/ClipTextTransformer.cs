using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Models.Clip;

/// <summary>Token + position embeddings of the text tower (HF <c>text_model.embeddings</c>).</summary>
public sealed class ClipTextEmbeddings : nn.Module<Tensor, Tensor>
{
    private readonly Embedding token_embedding;
    private readonly Embedding position_embedding;

    /// <summary>Builds the embeddings.</summary>
    public ClipTextEmbeddings(ClipTowerConfig c) : base(nameof(ClipTextEmbeddings))
    {
        token_embedding = nn.Embedding(c.VocabSize, c.HiddenSize);
        position_embedding = nn.Embedding(c.MaxPositionEmbeddings, c.HiddenSize);
        RegisterComponents();
    }

    /// <summary>[B, L] ids -> [B, L, D]; positions 0..L-1 so trimmed batches work.</summary>
    public override Tensor forward(Tensor ids)
    {
        using var scope = NewDisposeScope();
        long l = ids.shape[1];
        if (l > position_embedding.weight!.shape[0])
            throw new ArgumentException($"text length {l} exceeds max_position_embeddings {position_embedding.weight.shape[0]}");
        var pos = position_embedding.weight.narrow(0, 0, l); // [L, D]
        return (token_embedding.forward(ids) + pos).MoveToOuterDisposeScope();
    }
}

/// <summary>CLIP text transformer (HF <c>text_model</c>): causal encoder, final_layer_norm, pooled at argmax(input_ids) (the EOT).</summary>
public sealed class ClipTextTransformer : nn.Module<Tensor, Tensor>
{
    private readonly ClipTextEmbeddings embeddings;
    private readonly ClipEncoder encoder;
    private readonly LayerNorm final_layer_norm;

    /// <summary>Builds the tower.</summary>
    public ClipTextTransformer(ClipTowerConfig c) : base(nameof(ClipTextTransformer))
    {
        embeddings = new ClipTextEmbeddings(c);
        encoder = new ClipEncoder(c, causal: true);
        final_layer_norm = nn.LayerNorm(c.HiddenSize, c.LayerNormEps);
        RegisterComponents();
    }

    /// <summary>[B, L] int64 ids -> pooled [B, D].</summary>
    public override Tensor forward(Tensor ids) => Forward(ids, null).Pooled;

    /// <summary>Returns last hidden state [B, L, D] (after final LN) and the pooled EOT state [B, D].</summary>
    public (Tensor LastHiddenState, Tensor Pooled) Forward(Tensor ids, List<Tensor>? hiddenStates)
    {
        using var scope = NewDisposeScope();
        var h = encoder.Forward(embeddings.forward(ids), hiddenStates);
        // Hidden states were created inside this scope; hand them to the caller's.
        foreach (var t in hiddenStates ?? []) t.MoveToOuterDisposeScope();
        var last = final_layer_norm.forward(h);                       // [B, L, D]
        var eot = ids.argmax(1);                                      // [B] first max = EOT
        var pooled = last[torch.arange(ids.shape[0]), eot];          // [B, D]
        return (last.MoveToOuterDisposeScope(), pooled.MoveToOuterDisposeScope());
    }
}
