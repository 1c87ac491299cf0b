#!/usr/bin/env bash
# bench_cli.sh: spectrogram-cli on generated recordings (not a test: it prints figures and
# asserts nothing). A 1-minute and a 1-hour 48 kHz stereo FLAC (two tones, made by sox): wall
# time and peak resident memory of the tool (GNU time), so constant memory shows as the same
# figure for both; beside it sox's own `spectrogram` effect drawing the 1-minute file at the
# same size (its linear axis, one transform per pixel column: less analysis than ours, which
# pools about four hops per pixel; the hour would take sox about 9 minutes here).
# Usage: tests/bench_cli.sh path/to/spectrogram-cli; the last line is one JSON object.
set -euo pipefail
cli="$1"
dir="$(mktemp -d /tmp/bench-cli-XXXXXX)"
trap 'rm -rf "$dir"' EXIT
measure() {  # label command... -> "seconds kilobytes"
  /usr/bin/time -f "%e %M" -o "$dir/time" "$@" >/dev/null 2>&1
  cat "$dir/time"
}
sox -n -r 48000 -c 2 -b 16 "$dir/minute.flac" synth 60 sine 440 sine 1000 gain -3 2>/dev/null
sox -n -r 48000 -c 2 -b 16 "$dir/hour.flac" synth 3600 sine 440 sine 1000 gain -3 2>/dev/null
read -r minute_s minute_kb < <(measure "$cli" "$dir/minute.flac" -o "$dir/minute.png" --quiet)
read -r hour_s hour_kb < <(measure "$cli" "$dir/hour.flac" -o "$dir/hour.png" --quiet)
read -r sox_s sox_kb < <(measure sox "$dir/minute.flac" -n spectrogram -x 1600 -y 600 -o "$dir/sox.png")
echo "spectrogram-cli (1600x600 plot, FFT 4096, 90 % overlap, log axis): 1 min of 48 kHz stereo FLAC ${minute_s} s, peak ${minute_kb} KB resident; 1 hour ${hour_s} s, peak ${hour_kb} KB"
echo "sox spectrogram -x 1600 -y 600 on the same minute: ${sox_s} s, peak ${sox_kb} KB"
echo "{\"minute_s\": $minute_s, \"minute_peak_kb\": $minute_kb, \"hour_s\": $hour_s, \"hour_peak_kb\": $hour_kb, \"sox_minute_s\": $sox_s, \"sox_minute_peak_kb\": $sox_kb}"
