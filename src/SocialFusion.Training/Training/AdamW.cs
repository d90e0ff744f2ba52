using static TorchSharp.torch;

namespace SocialFusion.Training.Training;

/// <summary>
/// AdamW (Loshchilov and Hutter, "Decoupled Weight Decay Regularization", ICLR 2019; Adam: Kingma and Ba, ICLR 2015):
/// TorchSharp's AdamW with the same update, state and <c>optimizer.bin</c> format, whose step owns every scalar it
/// passes to libtorch.
/// </summary>
/// <remarks>
/// TorchSharp's own step converts each coefficient (beta1, 1 - beta1, eps, the step size, ...) implicitly to a
/// <c>Scalar</c>, reads its native handle and leaves the object to the finalizer. After the handle is read nothing
/// references the object, so a garbage collection on another thread (a progress bar, a second trainer) can free the
/// native scalar while libtorch is still reading it: the step then fails with "Expected false to be true ... toFloat"
/// from c10's Scalar.h, or reads a wrong value. Seen once in a demo run on a loaded machine; the race is the one
/// TorchSharp PRs 1434 and 1496 address. Here each scalar is created once per parameter group (the step size once per
/// parameter) and disposed after the last native call that reads it, which also keeps it alive until then; no call
/// here takes a default scalar argument (<c>add_(Scalar)</c> makes its own alpha = 1). The same race remains in any
/// TorchSharp call with an implicit scalar (<c>a + b</c> passes alpha = 1); the optimizer step is where most of them were.
/// </remarks>
public sealed class AdamW : TorchSharp.Modules.AdamW
{
    /// <summary>AdamW over <paramref name="groups"/>, each group with its own options, the rest from the arguments.</summary>
    public AdamW(IEnumerable<TorchSharp.Modules.AdamW.ParamGroup> groups, double lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0)
        : base(groups, lr, beta1, beta2, eps, weightDecay) { }

    /// <summary>One update of every parameter with a gradient (no closure support is needed by our trainers, but it is honoured).</summary>
    public override Tensor step(Func<Tensor>? closure = null) => _step<TorchSharp.Modules.AdamW.ParamGroup>(group =>
    {
        var o = (TorchSharp.Modules.AdamW.Options)group.Options;
        double beta1 = o.beta1!.Value, beta2 = o.beta2!.Value, lr = o.LearningRate!.Value;
        if (o.amsgrad == true || o.maximize == true) throw new NotSupportedException("AdamW: amsgrad and maximize are not used by SocialFusion's trainers.");
        using TorchSharp.Scalar decay = 1 - lr * o.weight_decay!.Value, b1 = beta1, oneMinusB1 = 1 - beta1, b2 = beta2, oneMinusB2 = 1 - beta2, eps = o.eps!.Value, one = 1.0;
        foreach (var param in group.Parameters)
        {
            var grad = param.grad;
            if (grad is null) continue;
            var state = (TorchSharp.Modules.AdamW.State)_state[param.Handle];
            state.step += 1;
            double correction1 = 1 - Math.Pow(beta1, state.step), correction2 = 1 - Math.Pow(beta2, state.step);
            // Decoupled decay first, then the moments, exactly as TorchSharp and PyTorch order them.
            param.mul_(decay);
            state.exp_avg.mul_(b1).add_(grad, alpha: oneMinusB1);
            state.exp_avg_sq.mul_(b2).addcmul_(grad, grad, value: oneMinusB2);
            using TorchSharp.Scalar rootCorrection2 = Math.Sqrt(correction2), stepSize = -(lr / correction1);
            using var root = state.exp_avg_sq.sqrt();
            // add_(Scalar) alone would make its own alpha = 1 and leave it to the finalizer: pass ours.
            using var denom = root.div_(rootCorrection2).add_(eps, one);
            param.addcdiv_(state.exp_avg, denom, value: stepSize);
        }
    }, closure);
}
