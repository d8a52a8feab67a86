#!/usr/bin/env bash
# Writes kiji's man page with help2man (Debian's help2man): the main --help
# and --version, then one section per command from `kiji COMMAND --help`.
# Run by the build (pipeline/CMakeLists.txt); the page is installed in
# share/man/man1.
#
# usage: scripts/man_page.sh KIJI OUT.1
set -euo pipefail
kiji="$1"
out="$2"
include="$(mktemp)"
trap 'rm -f "$include"' EXIT
{
  echo "[COMMANDS]"
  for c in ingest merge extract names reconcile export review match; do
    echo ".SS \"kiji $c\""
    echo ".nf"
    # Roff: a leading dot or quote would be a request; backslashes escape.
    "$kiji" "$c" --help | sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"
    echo ".fi"
  done
  echo "[FILES]"
  echo "PREFIX/share/kiji: the data folder (ENAMDICT index, gazetteer, word"
  echo "lists, date tables, name-matcher thresholds), found after --data-dir and"
  echo "\$KIJI_DATA_DIR. The default store is \$KIJI_STORE, else"
  echo "\$XDG_DATA_HOME/kiji/corpus.db, else ~/.local/share/kiji/corpus.db."
  echo "[SEE ALSO]"
  echo "The README (PREFIX/share/doc/kiji/README.md): output format, CLI, overrides."
} >"$include"
help2man --no-info --no-discard-stderr --section=1 \
  --name="batch-ingest news articles into reconciled entity records" \
  --include="$include" --output="$out" "$kiji"
