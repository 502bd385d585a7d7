"""The second-reviewer pages of a consultation's review: agreement (Cohen's kappa per theme,
disagreements to settle) and "OK to quote" (approve a redacted copy of an answer)."""
