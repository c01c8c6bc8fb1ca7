# Shared by the console screen tests (sourced after harness.sh): slctl in a tmux session named
# "console" on a private socket under $T, read back as a person sees it (capture-pane).

TM_SOCK="$T/tmux.sock"
tm() { tmux -S "$TM_SOCK" -f /dev/null "$@"; }
screen() { tm capture-pane -p -t console; }
# screen_sgr: the screen with its colours and attributes (escape sequences)
screen_sgr() { tm capture-pane -p -e -t console; }
keys() { tm send-keys -t console "$@"; }
type_text() { tm send-keys -t console -l -- "$1"; }
finish_tmux() { tm kill-server >/dev/null 2>&1; }

# _poll GREP-ARGS... : polls the screen (SECONDS in $_secs) until grep GREP-ARGS succeeds
_poll() {
  _i=0
  _max=$((_secs * 20))
  while [ $_i -lt $_max ]; do
    screen | grep -q "$@" && return 0
    sleep 0.05
    _i=$((_i + 1))
  done
  return 1
}
# wait_for TEXT [SECONDS]: polls the screen until it shows TEXT (a fixed string)
wait_for() { _secs=${2:-10}; _poll -F -- "$1"; }
# wait_match ERE [SECONDS]
wait_match() { _secs=${2:-10}; _poll -E -- "$1"; }
# wait_gone TEXT [SECONDS]
wait_gone() {
  _i=0
  _max=$(( ${2:-10} * 20 ))
  while [ $_i -lt $_max ]; do
    screen | grep -qF -- "$1" || return 0
    sleep 0.05
    _i=$((_i + 1))
  done
  return 1
}
# see NAME TEXT [SECONDS]: waits for TEXT, one check
see() {
  if wait_for "$2" "${3:-10}"; then ok "$1"; else not_ok "$1: \"$2\" never showed" "$(screen)"; fi
}
# see_match NAME ERE [SECONDS]
see_match() {
  if wait_match "$2" "${3:-10}"; then ok "$1"; else not_ok "$1: /$2/ never showed" "$(screen)"; fi
}
# gone NAME TEXT [SECONDS]
gone() {
  if wait_gone "$2" "${3:-10}"; then ok "$1"; else not_ok "$1: \"$2\" stayed" "$(screen)"; fi
}

# console_start COLUMNS [NEW-SESSION-OPTIONS...]: a shell in a COLUMNSx40 terminal (slctl is
# started from it so the prompt coming back is visible); bails out when no prompt shows.
console_start() {
  _cols=$1
  shift
  tm new-session -d -s console -x "$_cols" -y 40 "$@" "env PS1='prompt\$ ' sh"
  tm set -g status off >/dev/null
  tm set -g remain-on-exit on >/dev/null
  wait_for 'prompt$' 5 || { echo "Bail out! no shell in tmux"; finish_tmux; exit 99; }
}
