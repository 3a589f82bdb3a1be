import type { TorchIO } from '../types';

/**
 * What PyTorch's side of a layer shares: activations as functions, and Keras's "same" padding, which for strided
 * convolutions pads more at the bottom and right (tf.nn conv2d; tfjs-core conv_util.ts getPadAndOutInfo) than PyTorch's
 * symmetric `padding` can say.
 */

/** The activation `name` applied to the Python expression `x`. */
export function torchActivation(name: string, x: string, io: Pick<TorchIO, 'num'>, alpha = 0.2): string {
  switch (name) {
    case 'linear':
      return x;
    case 'relu':
    case 'tanh':
    case 'sigmoid':
      return `torch.${name}(${x})`;
    case 'elu':
    case 'selu':
    case 'softplus':
      return `F.${name}(${x})`;
    case 'leakyReLU':
      return `F.leaky_relu(${x}, ${io.num(alpha)})`;
    default:
      throw new Error(`no PyTorch form for the activation "${name}"`);
  }
}

/** Keras "same" padding along one axis: [before, after] (after gets the odd one). */
export function samePadding(size: number, kernel: number, stride: number): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}


/** tfjs conv kernels are [kh, kw, in, out] (transposed: [kh, kw, out, in]); PyTorch's are [out, in, kh, kw] ([in, out, kh, kw]). */
export const KERNEL_TO_TORCH = [3, 2, 0, 1] as const;

/**
 * Spectral normalisation as GAN Studio computes it (lib/compile/layers/spectral.ts), for models.py: the weight seen as
 * tfjs's kernel [rows, cols] (cols its last tfjs axis), u over cols, one power-iteration step per call — u updated in
 * training only — and σ = vᵀ W u′ with u′ and v constants to the backward pass. PyTorch's own spectral_norm iterates
 * over the other side and not at all in eval mode, so models.py carries this one instead.
 */
const SPECTRAL_NORMALIZE = `def spectral_normalize(weight, u, inverse, training):
    """Miyato 2018, as GAN Studio computes it: W as tfjs's kernel [rows, cols], one power step per call."""
    w = weight.permute(*inverse).reshape(-1, u.shape[0])
    with torch.no_grad():
        v = w @ u
        v = v / (v.norm() + 1e-12)
        u_next = w.t() @ v
        u_next = u_next / (u_next.norm() + 1e-12)
        if training:
            u.copy_(u_next)
    return weight / (v @ (w @ u_next))`;

/** The Python helpers a spectrally normalised layer needs in models.py, by kind. */
export const SPECTRAL_TORCH = {
  linear: [
    SPECTRAL_NORMALIZE,
    `class SpectralLinear(nn.Linear):
    """nn.Linear with a spectrally normalised weight (u over the output features)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.register_buffer('u', torch.randn(self.out_features))

    def forward(self, x):
        return F.linear(x, spectral_normalize(self.weight, self.u, (1, 0), self.training), self.bias)`,
  ],
  conv: [
    SPECTRAL_NORMALIZE,
    `class SpectralConv2d(nn.Conv2d):
    """nn.Conv2d with a spectrally normalised weight (u over the output channels)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.register_buffer('u', torch.randn(self.out_channels))

    def forward(self, x):
        return self._conv_forward(x, spectral_normalize(self.weight, self.u, (2, 3, 1, 0), self.training), self.bias)`,
  ],
  convTranspose: [
    SPECTRAL_NORMALIZE,
    `class SpectralConvTranspose2d(nn.ConvTranspose2d):
    """nn.ConvTranspose2d with a spectrally normalised weight (u over the input channels: tfjs keeps them last)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.register_buffer('u', torch.randn(self.in_channels))

    def forward(self, x):
        w = spectral_normalize(self.weight, self.u, (2, 3, 1, 0), self.training)
        return F.conv_transpose2d(x, w, self.bias, self.stride, self.padding, self.output_padding, self.groups, self.dilation)`,
  ],
} as const;

/** GAN Studio's StyleGAN-style layers (lib/compile/layers/) in PyTorch, for models.py; channels-first. */
export const STYLE_TORCH = {
  adaIN: `class AdaIN(nn.Module):
    """Adaptive instance normalisation (Huang 2017; StyleGAN, Karras 2019): instance-normalised features, scaled and
    shifted per channel by an affine map of the style w; the map starts as scale 1, shift 0."""

    def __init__(self, style_dim, channels, eps):
        super().__init__()
        self.channels, self.eps = channels, eps
        self.weight = nn.Parameter(nn.init.xavier_uniform_(torch.empty(2 * channels, style_dim)))
        self.bias = nn.Parameter(torch.cat([torch.ones(channels), torch.zeros(channels)]))

    def forward(self, x, w):
        mean = x.mean(dim=(2, 3), keepdim=True)
        var = x.var(dim=(2, 3), keepdim=True, unbiased=False)
        style = F.linear(w, self.weight, self.bias)
        scale = style[:, :self.channels, None, None]
        shift = style[:, self.channels:, None, None]
        return (x - mean) * torch.rsqrt(var + self.eps) * scale + shift`,
  learnedConstant: `class LearnedConstant(nn.Module):
    """StyleGAN's learned constant input (Karras 2019), repeated for every example of the batch; starts at ones."""

    def __init__(self, channels, height, width):
        super().__init__()
        self.constant = nn.Parameter(torch.ones(channels, height, width))

    def forward(self, x):
        return self.constant.unsqueeze(0).expand(x.shape[0], -1, -1, -1)`,
  noiseInjection: `class NoiseInjection(nn.Module):
    """StyleGAN's per-pixel noise input (Karras 2019): N(0, 1) noise, one map per example, scaled per channel by a
    learned weight that starts at zero."""

    def __init__(self, channels):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(channels))

    def noise(self, x):
        return torch.randn(x.shape[0], 1, x.shape[2], x.shape[3], device=x.device, dtype=x.dtype)

    def forward(self, x):
        return x + self.noise(x) * self.weight.view(1, -1, 1, 1)`,
  minibatchStdDev: `def minibatch_std_dev(x):
    """ProGAN's minibatch standard deviation (Karras 2018): the mean over features of the batch's std, appended as one
    more channel (or feature)."""
    centred = x - x.mean(0, keepdim=True)
    s = torch.sqrt((centred ** 2).mean(0) + 1e-8).mean()
    return torch.cat([x, torch.ones_like(x[:, :1]) * s], 1)`,
} as const;

/** Small helpers in models.py for layers PyTorch has no module for, with Keras's semantics. */
export const LAYER_TORCH = {
  // nn.PixelShuffle reads input channel c·r² + i·r + j; TensorFlow's depth_to_space (which GAN Studio's layer computes)
  // reads (i·r + j)·C + c. The same weights must give the same image in both, so models.py reorders as TF does.
  pixelShuffle: `def pixel_shuffle_nhwc_order(x, r):
    """Sub-pixel up-sampling (Shi 2016) in TensorFlow's depth_to_space channel order: output pixel (h*r + i, w*r + j),
    channel c reads input channel (i*r + j)*C + c."""
    n, crr, h, w = x.shape
    c = crr // (r * r)
    return x.reshape(n, r, r, c, h, w).permute(0, 3, 4, 1, 5, 2).reshape(n, c, h * r, w * r)`,
  gaussianNoise: `class GaussianNoise(nn.Module):
    """Keras's GaussianNoise (instance noise, Sonderby 2016): adds N(0, stddev^2) noise while training, nothing in
    inference."""

    def __init__(self, stddev):
        super().__init__()
        self.stddev = stddev

    def noise(self, x):
        return torch.randn_like(x) * self.stddev

    def forward(self, x):
        return x + self.noise(x) if self.training else x`,
  // tfjs-backend-cpu ResizeBilinear: source row r * in / out, its floor and the next row (the last repeated).
  resizeBilinear: `def resize_bilinear(x, scale):
    """Bilinear up-sampling as tf.image.resizeBilinear does it for Keras's UpSampling2D: output pixel i reads input
    position i / scale (no half-pixel centres, unlike F.interpolate), between its two neighbours."""
    def taps(n):
        src = torch.arange(n * scale, device=x.device, dtype=x.dtype) / scale
        lo = src.floor().long()
        return lo, (lo + 1).clamp(max=n - 1), src - lo.to(x.dtype)

    r0, r1, fr = taps(x.shape[2])
    c0, c1, fc = taps(x.shape[3])
    # In tfjs-backend-cpu's order and form: a + (b - a) * f, columns first.
    above, below = x[:, :, r0], x[:, :, r1]
    top = above[..., c0] + (above[..., c1] - above[..., c0]) * fc
    bottom = below[..., c0] + (below[..., c1] - below[..., c0]) * fc
    return top + (bottom - top) * fr.view(-1, 1)`,
} as const;
