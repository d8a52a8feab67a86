# bash completion for kiji (installed in share/bash-completion/completions).
# The flags of each command; a test (tests/cli_docs_test.py) checks them
# against `kiji COMMAND --help`.
_kiji() {
  local cur prev cmd i
  cur="${COMP_WORDS[COMP_CWORD]}"
  prev="${COMP_WORDS[COMP_CWORD-1]}"
  cmd=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "${COMP_WORDS[i]}" in
      ingest|merge|extract|names|reconcile|export|review|match) cmd="${COMP_WORDS[i]}"; break ;;
    esac
  done
  local common="--date --threads -j --data-dir --mecab-dicdir --gazetteer --user-dic --quiet -q --help -h"
  local flags
  case "$cmd" in
    "") COMPREPLY=($(compgen -W "ingest merge extract names reconcile export review match --help --version" -- "$cur")); return ;;
    ingest) flags="--out -o --store --overrides --files-from --null -0 --shard $common" ;;
    merge) flags="--store --out -o --overrides --data-dir --quiet -q --help -h" ;;
    extract) flags="--jsonl $common" ;;
    names) flags="--store --type --grep --json --help -h" ;;
    reconcile) flags="--overrides --store --help -h" ;;
    export) flags="--out -o --store --format --bom --type --since --doc-id --help -h" ;;
    review) flags="--out -o --store --type --contexts --help -h" ;;
    match) flags="--jsonl --type --data-dir --thresholds --help -h" ;;
  esac
  case "$prev" in
    --format) COMPREPLY=($(compgen -W "jsonl csv tsv" -- "$cur")); return ;;
    --type)
      # Only export keeps mentions that are not names.
      local types="PERSON COMPANY ORG PRODUCT"
      [[ "$cmd" == export ]] && types+=" DATE DURATION AMOUNT PERCENT"
      COMPREPLY=($(compgen -W "$types" -- "$cur")); return ;;
    --out|-o|--store|--overrides|--files-from|--data-dir|--mecab-dicdir|--gazetteer|--user-dic|--thresholds)
      COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _kiji kiji
