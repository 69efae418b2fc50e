# Test oracle: what Jekyll 4.3 (Debian 12) reads from each post's front matter.
# Usage: ruby psych_front_matter.rb FILE...   (or --yaml FILE... to load whole YAML files)
# Prints one JSON object per line: {"path":..., "data":...} or {"path":..., "error":...}.
# Dates are ISO 8601 strings, as `meetdown get` prints them.
require "yaml"
require "date"
require "json"
require "time"

FRONT_MATTER = %r!\A(---\s*\n.*?\n?)^((---|\.\.\.)\s*$\n?)!m

def normalize(value)
  case value
  when Hash then value.each_with_object({}) { |(k, v), h| h[key_string(k)] = normalize(v) }
  when Array then value.map { |v| normalize(v) }
  when Time
    value.usec.zero? ? value.iso8601 : value.iso8601(3)
  when Date then value.iso8601
  when Float
    if value.nan? then "NaN"
    elsif value.infinite? then value.positive? ? "Infinity" : "-Infinity"
    else value
    end
  else value
  end
end

def key_string(key)
  case key
  when Time, Date then normalize(key)
  when nil then ""
  else key.to_s
  end
end

whole_yaml = ARGV.first == "--yaml"
paths = whole_yaml ? ARGV.drop(1) : ARGV
paths.each do |path|
  begin
    text = File.read(path, mode: "r:bom|utf-8")
    yaml = if whole_yaml
             text
           elsif text =~ FRONT_MATTER
             Regexp.last_match(1)
           end
    data = yaml ? Psych.safe_load(yaml, permitted_classes: [Date, Time], aliases: true) : {}
    data = {} if data.nil?
    puts JSON.generate({ "path" => path, "data" => normalize(data) })
  rescue StandardError, Psych::Exception => e
    puts JSON.generate({ "path" => path, "error" => "#{e.class}: #{e.message}" })
  end
end
