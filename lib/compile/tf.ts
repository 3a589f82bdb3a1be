import type * as tfType from '@tensorflow/tfjs';

/**
 * tfjs as the compiler receives it: passed in by the caller (the worker, the CLI, a test), never imported as a value,
 * so lib/ stays free of a particular tfjs build or backend (ARCHITECTURE.md, "lib/ … tfjs imported as a type or passed in").
 */
export type Tf = typeof tfType;
export type Tensor = tfType.Tensor;
export type Tensor4D = tfType.Tensor4D;
export type Shape = tfType.Shape;
export type Layer = tfType.layers.Layer;
export type LayerVariable = tfType.LayerVariable;
export type LayersModel = tfType.LayersModel;
export type SymbolicTensor = tfType.SymbolicTensor;
export type ConfigDict = tfType.serialization.ConfigDict;
/** The base options every tfjs layer takes (name, trainable, dtype, …); tfjs does not export the type by name. */
export type LayerArgs = NonNullable<ConstructorParameters<typeof tfType.layers.Layer>[0]>;
/** Keyword arguments of `Layer.call`; the functional executor passes `{training}` through it (tfjs-layers engine/executor.ts). */
export type Kwargs = Parameters<tfType.layers.Layer['call']>[1];
