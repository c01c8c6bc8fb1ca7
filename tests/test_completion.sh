#!/bin/bash
# bash completion: commands, options, and function and saved-event names from the API.
. "$(dirname "$0")/lib/harness.sh"

command -v bash >/dev/null || { echo "SKIP: no bash"; exit 77; }
emu_start --demo
export AWS_ACCESS_KEY_ID=$EMU_KEY AWS_SECRET_ACCESS_KEY=$EMU_SECRET AWS_REGION=us-east-1
export AWS_ENDPOINT_URL="$EMU_URL" XDG_CACHE_HOME="$T/cache"
mkdir -p "$T/bin" && ln -s "$SLCTL" "$T/bin/slctl"
export PATH="$T/bin:$PATH"

complete_line() { # the words of a command line; prints the candidates, one per line
  bash -c '
    _init_completion() { return 1; }
    . "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"
    _slctl
    printf "%s\n" "${COMPREPLY[@]}"' _ "$SRC/completions/slctl" "$@"
}

expect_eq "commands" "$(complete_line slctl st | sort | tr '\n' ' ')" "stack stacks "
expect_eq "--output values" "$(complete_line slctl --output j)" "json"
expect_eq "function names from the API" "$(complete_line slctl invoke users-api-Get)" \
  "users-api-GetUserFunction-4XJ2K9LQ7ZAB"
expect_match "the names are cached" "$(ls "$XDG_CACHE_HOME/slctl")" "^functions-"
printf '{"pathParameters":{"id":"u-1"}}' | "$SLCTL" events save users-api-GetUserFunction-4XJ2K9LQ7ZAB get-one --from - 2>/dev/null
expect_eq "event names" \
  "$(complete_line slctl invoke users-api-GetUserFunction-4XJ2K9LQ7ZAB --event g)" "get-one"
expect_eq "events subcommands" "$(complete_line slctl events s | sort | tr '\n' ' ')" "save show "
finish
