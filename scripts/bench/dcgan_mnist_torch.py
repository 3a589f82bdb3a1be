"""A hand-written PyTorch DCGAN of the dcgan-mnist preset's architecture: the baseline of torch-export.bench.ts.

Plain, idiomatic PyTorch, as one would write it without GAN Studio (nn.Sequential, BCE on logits, a detached fake
for D's update), with the preset's every choice, read off the design and the exported models.py / graph.py:

  G: Linear(100 -> 7*7*128, no bias) -> BN1d -> ReLU -> [128, 7, 7] -> ConvT(64, 4, s2, p1, no bias) -> BN2d -> ReLU
     -> ConvT(1, 4, s2, p1) -> tanh
  D: Conv(64, 4, s2, p1) -> LeakyReLU(0.2) -> Conv(128, 4, s2, p1) -> BN2d -> LeakyReLU(0.2) -> Flatten -> Linear(1)

Batch norm as Keras's defaults (eps 1e-3, momentum 0.99, i.e. PyTorch momentum 0.01); Keras initialisation
(glorot-uniform weights, zero biases); Adam(2e-4, betas (0.5, 0.999), eps 1e-7 as Keras's); the non-saturating loss
on logits; batch 64. The one difference from the export is the order in which G's projection is reshaped and D's
last map is flattened (channels first here, channels last in the export, which keeps the design's tfjs layout): the
same architecture and parameter count, with the rows of G's projection and the columns of D's score permuted
(torch_export_step.py maps one onto the other to check that both compute the same function).
"""
import torch
from torch import nn
import torch.nn.functional as F

Z = 100
BATCH = 64
BN = dict(eps=1e-3, momentum=0.01)


def make_dcgan():
    g = nn.Sequential(
        nn.Linear(Z, 7 * 7 * 128, bias=False),
        nn.BatchNorm1d(7 * 7 * 128, **BN),
        nn.ReLU(),
        nn.Unflatten(1, (128, 7, 7)),
        nn.ConvTranspose2d(128, 64, 4, stride=2, padding=1, bias=False),
        nn.BatchNorm2d(64, **BN),
        nn.ReLU(),
        nn.ConvTranspose2d(64, 1, 4, stride=2, padding=1),
        nn.Tanh(),
    )
    d = nn.Sequential(
        nn.Conv2d(1, 64, 4, stride=2, padding=1),
        nn.LeakyReLU(0.2),
        nn.Conv2d(64, 128, 4, stride=2, padding=1),
        nn.BatchNorm2d(128, **BN),
        nn.LeakyReLU(0.2),
        nn.Flatten(),
        nn.Linear(7 * 7 * 128, 1),
    )
    for m in [*g.modules(), *d.modules()]:
        if isinstance(m, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.xavier_uniform_(m.weight)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
    return g, d


def make_optimizers(g, d):
    adam = dict(lr=2e-4, betas=(0.5, 0.999), eps=1e-7)
    return torch.optim.Adam(g.parameters(), **adam), torch.optim.Adam(d.parameters(), **adam)


def d_loss(g, d, z, x):
    """D's loss: real scored 1, a detached fake scored 0."""
    real, fake = d(x), d(g(z).detach())
    return (F.binary_cross_entropy_with_logits(real, torch.ones_like(real))
            + F.binary_cross_entropy_with_logits(fake, torch.zeros_like(fake)))


def g_loss(g, d, z):
    """G's non-saturating loss: its fake scored 1."""
    fake = d(g(z))
    return F.binary_cross_entropy_with_logits(fake, torch.ones_like(fake))


def mnist_sampler(pixels, batch=BATCH):
    """Draws (z, x) batches: x from MNIST's uint8 pixels [count, 28, 28, 1] in memory, scaled to [-1, 1] NCHW."""
    images = pixels.reshape(-1, 1, 28, 28)  # one channel: NHWC and NCHW are the same bytes

    def draw():
        x = images[torch.randint(images.shape[0], (batch,))].float() / 127.5 - 1
        return torch.randn(batch, Z), x

    return draw


def train_step(g, d, opt_g, opt_d, draw):
    """One D update and one G update, each on a fresh draw (as the exported train.py draws one per update)."""
    z, x = draw()
    opt_d.zero_grad(set_to_none=True)
    loss_d = d_loss(g, d, z, x)
    loss_d.backward()
    opt_d.step()
    z, _ = draw()
    opt_g.zero_grad(set_to_none=True)
    loss_g = g_loss(g, d, z)
    loss_g.backward()
    opt_g.step()
    return loss_d, loss_g
