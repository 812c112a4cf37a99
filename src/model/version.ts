/**
 * Version of the model's behaviour. Bump it whenever the same settings and seed can produce a
 * different trace, so links and exported traces made with another version are recognised.
 */
export const MODEL_VERSION = 2;
