// The default model catalog seeded into `models`. Prices: micro-dollars per million tokens
// (US$ 2.50 per million input tokens = 2_500_000). The platform edits them afterwards.
export const DEFAULT_MODELS = [
  { id: "openai/gpt-4o", provider: "openai", displayName: "GPT-4o", inputPriceMicros: 2_500_000, outputPriceMicros: 10_000_000 },
  { id: "openai/gpt-4o-mini", provider: "openai", displayName: "GPT-4o mini", inputPriceMicros: 150_000, outputPriceMicros: 600_000 },
  { id: "openai/gpt-4.1", provider: "openai", displayName: "GPT-4.1", inputPriceMicros: 2_000_000, outputPriceMicros: 8_000_000 },
  { id: "openai/gpt-4.1-mini", provider: "openai", displayName: "GPT-4.1 mini", inputPriceMicros: 400_000, outputPriceMicros: 1_600_000 },
  { id: "openai/o3-mini", provider: "openai", displayName: "o3-mini", inputPriceMicros: 1_100_000, outputPriceMicros: 4_400_000 },
  { id: "openai/text-embedding-3-small", provider: "openai", displayName: "Text Embedding 3 Small", inputPriceMicros: 20_000, outputPriceMicros: 0 },
  { id: "anthropic/claude-3-5-haiku", provider: "anthropic", displayName: "Claude 3.5 Haiku", inputPriceMicros: 800_000, outputPriceMicros: 4_000_000 },
  { id: "anthropic/claude-sonnet-4", provider: "anthropic", displayName: "Claude Sonnet 4", inputPriceMicros: 3_000_000, outputPriceMicros: 15_000_000 },
  { id: "anthropic/claude-opus-4", provider: "anthropic", displayName: "Claude Opus 4", inputPriceMicros: 15_000_000, outputPriceMicros: 75_000_000 },
  { id: "google/gemini-2.0-flash", provider: "google", displayName: "Gemini 2.0 Flash", inputPriceMicros: 100_000, outputPriceMicros: 400_000 },
  { id: "google/gemini-2.5-pro", provider: "google", displayName: "Gemini 2.5 Pro", inputPriceMicros: 1_250_000, outputPriceMicros: 10_000_000 },
  { id: "meta/llama-3.3-70b-instruct", provider: "meta", displayName: "Llama 3.3 70B Instruct", inputPriceMicros: 590_000, outputPriceMicros: 790_000 },
  { id: "mistral/mistral-large", provider: "mistral", displayName: "Mistral Large", inputPriceMicros: 2_000_000, outputPriceMicros: 6_000_000 },
  { id: "mistral/mistral-small", provider: "mistral", displayName: "Mistral Small", inputPriceMicros: 100_000, outputPriceMicros: 300_000 },
] as const;
