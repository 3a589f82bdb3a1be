import { z } from 'zod';
import { zId } from '../../graph/schema';
import { defineBlock, type AnyBlock } from '../types';

/**
 * Optimizers bind to a network by id: one per trained network, so G and D can have their own rules and learning
 * rates (TTUR, Heusel 2017). They have no ports; the canvas shows which network each one trains.
 */
function optimizerBlock<S extends z.ZodRawShape>(type: string, label: string, description: string, shape: S): AnyBlock {
  return defineBlock({
    type,
    version: 1,
    label,
    category: 'optimizer',
    level: 'training',
    description,
    params: z.object({ network: zId.describe('Id of the network this optimizer trains'), ...shape }),
    inputs: () => [],
    outputs: () => [],
    inferShape: () => ({ ok: true, outputs: {} }),
  });
}

const zLr = (d: number) => z.number().gt(0).max(10).default(d).describe('Learning rate');

export const adamBlock = optimizerBlock('adam', 'Adam', 'Adam (Kingma 2014). DCGAN: lr 2e-4, β1 0.5; WGAN-GP: lr 1e-4, β1 0, β2 0.9.', {
  learningRate: zLr(2e-4),
  beta1: z.number().min(0).max(0.9999).default(0.5).describe('β1, the momentum of the gradient average'),
  beta2: z.number().min(0).max(0.99999).default(0.999).describe('β2, the momentum of the squared-gradient average'),
  epsilon: z.number().min(1e-12).max(1).default(1e-7).describe('ε, added to the denominator (tfjs default 1e-7; PyTorch 1e-8)'),
});

export const rmspropBlock = optimizerBlock('rmsprop', 'RMSProp', 'RMSProp (Tieleman & Hinton 2012); the original WGAN uses lr 5e-5.', {
  learningRate: zLr(5e-5),
  decay: z.number().min(0).max(0.9999).default(0.9).describe('ρ, the decay of the squared-gradient average'),
  momentum: z.number().min(0).max(0.9999).default(0).describe('Momentum'),
  epsilon: z.number().min(1e-12).max(1).default(1e-7).describe('ε, added to the denominator'),
});

export const sgdBlock = optimizerBlock('sgd', 'SGD', 'Stochastic gradient descent, with optional momentum.', {
  learningRate: zLr(1e-2),
  momentum: z.number().min(0).max(0.9999).default(0).describe('Momentum; 0 is plain SGD'),
});

export const OPTIMIZER_TYPES = ['adam', 'rmsprop', 'sgd'] as const;
