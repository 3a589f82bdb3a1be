import type * as tfType from '@tensorflow/tfjs';
import { z } from 'zod';
import { zId } from '../../graph/schema';
import { defineBlock, type RuntimeRef, type TorchFunction } from '../types';

type Tf = typeof tfType;

/**
 * Optimizers bind to a network by id: one per trained network, so G and D can have their own rules and learning
 * rates (TTUR, Heusel 2017). They have no ports; the canvas shows which network each one trains.
 */
function optimizerBlock<const K extends string, P extends { network: string; learningRate: number }>(type: K, label: string, description: string, params: z.ZodType<P>, create: (tf: Tf, p: P) => tfType.Optimizer, stateSlots: (p: P) => number, code: RuntimeRef, torch: TorchFunction) {
  return defineBlock({
    type,
    label,
    category: 'optimizer',
    level: 'training',
    description,
    params,
    inputs: () => [],
    outputs: () => [],
    inferShape: () => ({ ok: true, outputs: {} }),
    optimizer: { network: (p) => p.network, learningRate: (p) => p.learningRate, create, stateSlots, code, torch },
  });
}

const withNetwork = <S extends z.ZodRawShape>(shape: S) => z.object({ network: zId.describe('Id of the network this optimizer trains'), ...shape });
const zLr = (d: number) => z.number().gt(0).max(10).default(d).describe('Learning rate');

const zAdam = withNetwork({
  learningRate: zLr(2e-4),
  beta1: z.number().min(0).max(0.9999).default(0.5).describe('β1, the momentum of the gradient average'),
  beta2: z.number().min(0).max(0.99999).default(0.999).describe('β2, the momentum of the squared-gradient average'),
  epsilon: z.number().min(1e-12).max(1).default(1e-7).describe('ε, added to the denominator (tfjs default 1e-7; PyTorch 1e-8)'),
});
export type AdamParams = z.infer<typeof zAdam>;
/** Adam (Kingma 2014), as tfjs implements it. */
export const adamOptimizer = (tf: Tf, p: AdamParams) => tf.train.adam(p.learningRate, p.beta1, p.beta2, p.epsilon);

const zRmsprop = withNetwork({
  learningRate: zLr(5e-5),
  decay: z.number().min(0).max(0.9999).default(0.9).describe('ρ, the decay of the squared-gradient average'),
  momentum: z.number().min(0).max(0.9999).default(0).describe('Momentum'),
  epsilon: z.number().min(1e-12).max(1).default(1e-7).describe('ε, added to the denominator'),
});
export type RmspropParams = z.infer<typeof zRmsprop>;
/** RMSProp (Tieleman & Hinton 2012), as tfjs implements it. */
export const rmspropOptimizer = (tf: Tf, p: RmspropParams) => tf.train.rmsprop(p.learningRate, p.decay, p.momentum, p.epsilon);

const zSgd = withNetwork({
  learningRate: zLr(1e-2),
  momentum: z.number().min(0).max(0.9999).default(0).describe('Momentum; 0 is plain SGD'),
});
export type SgdParams = z.infer<typeof zSgd>;
/** Plain SGD, or SGD with (heavy-ball) momentum. */
export const sgdOptimizer = (tf: Tf, p: SgdParams) => (p.momentum ? tf.train.momentum(p.learningRate, p.momentum) : tf.train.sgd(p.learningRate));

// State per weight, from tfjs-core's optimizers: adam_optimizer.ts keeps two moments, rmsprop_optimizer.ts the mean
// squares and the moments (it creates both even without momentum), momentum_optimizer.ts one accumulation.
const code = (name: string): RuntimeRef => ({ module: 'blocks/optimizers/optimizer', name });

// In PyTorch. tfjs's Adam and SGD with momentum update as torch.optim's do (tfjs-core optimizers/adam_optimizer.ts,
// momentum_optimizer.ts); tfjs's RMSProp divides by sqrt(ms + eps) where torch.optim.RMSprop divides by sqrt(ms) + eps,
// so the project carries an RMSProp that updates as tfjs does.
const ADAM_TORCH: TorchFunction = {
  name: 'adam_optimizer',
  source: `def adam_optimizer(p, parameters):
    return torch.optim.Adam(parameters, lr=p['learningRate'], betas=(p['beta1'], p['beta2']), eps=p['epsilon'])
`,
};
const RMSPROP_TORCH: TorchFunction = {
  name: 'rmsprop_optimizer',
  source: `class TfjsRMSprop(torch.optim.Optimizer):
    """RMSProp as TensorFlow.js updates (tfjs-core optimizers/rmsprop_optimizer.ts): ms = rho*ms + (1 - rho)*g^2,
    mom = momentum*mom + lr*g / sqrt(ms + eps), w -= mom. torch.optim.RMSprop divides by sqrt(ms) + eps instead."""

    def __init__(self, params, lr, rho, momentum, eps):
        super().__init__(params, {'lr': lr, 'rho': rho, 'momentum': momentum, 'eps': eps})

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for w in group['params']:
                if w.grad is None:
                    continue
                state = self.state[w]
                if not state:
                    state['ms'] = torch.zeros_like(w)
                    state['mom'] = torch.zeros_like(w)
                ms, mom = state['ms'], state['mom']
                ms.mul_(group['rho']).add_((1 - group['rho']) * w.grad * w.grad)
                mom.mul_(group['momentum']).add_(group['lr'] * w.grad / torch.sqrt(ms + group['eps']))
                w.sub_(mom)


def rmsprop_optimizer(p, parameters):
    return TfjsRMSprop(parameters, lr=p['learningRate'], rho=p['decay'], momentum=p['momentum'], eps=p['epsilon'])
`,
};
const SGD_TORCH: TorchFunction = {
  name: 'sgd_optimizer',
  source: `def sgd_optimizer(p, parameters):
    return torch.optim.SGD(parameters, lr=p['learningRate'], momentum=p['momentum'])
`,
};

export const adamBlock = optimizerBlock('adam', 'Adam', 'Adam (Kingma 2014). DCGAN: lr 2e-4, β1 0.5; WGAN-GP: lr 1e-4, β1 0, β2 0.9.', zAdam, adamOptimizer, () => 2, code('adamOptimizer'), ADAM_TORCH);
export const rmspropBlock = optimizerBlock('rmsprop', 'RMSProp', 'RMSProp (Tieleman & Hinton 2012); the original WGAN uses lr 5e-5.', zRmsprop, rmspropOptimizer, () => 2, code('rmspropOptimizer'), RMSPROP_TORCH);
export const sgdBlock = optimizerBlock('sgd', 'SGD', 'Stochastic gradient descent, with optional momentum.', zSgd, sgdOptimizer, (p) => (p.momentum ? 1 : 0), code('sgdOptimizer'), SGD_TORCH);
