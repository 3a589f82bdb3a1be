import { codedErrorClass } from '../../coded-error';

/**
 * What can go wrong loading the feature classifier or feeding it images. Codes are stable: the eval CLI prints them
 * and tests key on them. Each message says what was found and what to do.
 */
export const CLASSIFIER_ERRORS = {
  E_CLASSIFIER_FORMAT: 'The classifier file is not a GAN Studio MNIST classifier',
  E_CLASSIFIER_VERSION: 'The classifier file has a version this build cannot read',
  E_CLASSIFIER_WEIGHTS: 'The classifier weights do not match its architecture',
  E_EVAL_IMAGES: 'These images cannot be fed to the MNIST classifier',
} as const;

export type ClassifierErrorCode = keyof typeof CLASSIFIER_ERRORS;

export class ClassifierError extends codedErrorClass('ClassifierError', CLASSIFIER_ERRORS) {}
