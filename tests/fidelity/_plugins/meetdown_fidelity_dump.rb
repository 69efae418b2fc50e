# frozen_string_literal: true

# Loaded by tst_fidelity into a throw-away copy of a site. It writes each post's body as Jekyll
# converted it (Liquid and kramdown done, no layout yet), which is exactly what `meetdown render`
# claims to reproduce; the layouts would only add noise the comparison has to strip again.

require "fileutils"

Jekyll::Hooks.register :posts, :post_convert do |post|
  out_dir = ENV.fetch("MEETDOWN_FIDELITY_OUT", nil)
  next if out_dir.nil? || out_dir.empty?

  # Keyed by the path below the site root so the test can find the post it came from.
  path = File.join(out_dir, "#{post.relative_path}.html")
  FileUtils.mkdir_p(File.dirname(path))
  File.write(path, post.content)
end
