# frozen_string_literal: true

# Reads a JSON array of Markdown texts on stdin and writes the JSON array of what kramdown makes
# of them with the options Jekyll 4.3 uses by default (GFM input, no hard wraps, typographic
# quotes, auto ids): the reference tst_kramdownflavor compares the Kramdown dialect with.

require "json"
require "kramdown"
require "kramdown-parser-gfm"

OPTIONS = {
  input: "GFM",
  hard_wrap: false,
  auto_ids: true,
  toc_levels: (1..6).to_a,
  entity_output: :as_char,
  smart_quotes: "lsquo,rsquo,ldquo,rdquo",
  guess_lang: true,
  footnote_nr: 1,
  show_warnings: false,
  syntax_highlighter: "rouge",
}.freeze

texts = JSON.parse($stdin.read)
puts JSON.generate(texts.map { |text| Kramdown::Document.new(text, OPTIONS).to_html })
