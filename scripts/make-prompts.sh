#!/usr/bin/env bash
# Generates the caller's prompts: every line of TEXTS (name|fi|sv|en) spoken by espeak-ng and
# converted by sox into OUT/<language>/<name>.wav (8 kHz, mono, 16-bit), the numbers 0-100 as
# OUT/<language>/number-N.wav, music on hold (OUT/moh.wav) and a beep (OUT/beep.wav).
#   scripts/make-prompts.sh config/prompts.txt build/release/prompts
set -euo pipefail
texts=$1
out=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"/fi "$out"/sv "$out"/en

# One job per line on stdin: "<lang>\t<name>\t<text>"; two at a time (two cores).
jobs_file="$tmp/jobs"
: >"$jobs_file"
while IFS='|' read -r name fi sv en; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  [[ -n "$fi" ]] && printf 'fi\t%s\t%s\n' "$name" "$fi" >>"$jobs_file"
  [[ -n "$sv" ]] && printf 'sv\t%s\t%s\n' "$name" "$sv" >>"$jobs_file"
  [[ -n "$en" ]] && printf 'en\t%s\t%s\n' "$name" "$en" >>"$jobs_file"
done <"$texts"
for lang in fi sv en; do
  for n in $(seq 0 100); do printf '%s\tnumber-%d\t%d\n' "$lang" "$n" "$n" >>"$jobs_file"; done
done

speak() {
  local lang=$1 name=$2 text=$3 out=$4 tmp=$5
  local raw="$tmp/$lang-$name.wav"
  local voice=$lang
  [[ $lang == en ]] && voice=en-gb
  if [[ "$text" == "-" ]]; then  # a short pause
    sox -n -r 8000 -c 1 -b 16 "$out/$lang/$name.wav" trim 0 0.25
    return
  fi
  espeak-ng -v "$voice" -s 150 -w "$raw" "$text"
  sox -q "$raw" -r 8000 -c 1 -b 16 "$out/$lang/$name.wav" norm -3
  rm -f "$raw"
}
export -f speak
while IFS=$'\t' read -r lang name text; do
  printf '%s\0%s\0%s\0%s\0%s\0' "$lang" "$name" "$text" "$out" "$tmp"
done <"$jobs_file" | xargs -0 -n 5 -P 2 bash -c 'speak "$@"' _

# Music on hold: a calm arpeggio, 8 s, looped by the media engine.
notes=(C4 E4 G4 C5 G4 E4 A3 C4 E4 A4 E4 C4 F3 A3 C4 F4)
parts=()
for i in "${!notes[@]}"; do
  sox -q -n -r 8000 -c 1 -b 16 "$tmp/n$i.wav" synth 0.5 pluck "${notes[$i]}" vol 0.6
  parts+=("$tmp/n$i.wav")
done
sox -q "${parts[@]}" "$out/moh.wav"
sox -q -n -r 8000 -c 1 -b 16 "$out/beep.wav" synth 0.3 sine 1000 vol 0.5
touch "$out/stamp"
