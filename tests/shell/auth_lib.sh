# Shared by the sign-in tests (sourced after lib.sh): a configuration whose app the sandbox
# knows and whose token store is in the scratch folder, the secret as a 0600 file, and
# helpers to sign in and to read the sandbox's sign-in counters. Nothing here waits a fixed
# time: background sign-ins are followed by polling for what they print.

APP_ID=99999999-8888-7777-6666-555555555555
APP_SECRET='Cl1entS3cret+/=Auth7'
STORE=$WORK/config/csponboard/token.json
unset CSPONBOARD_REFRESH_TOKEN CSPONBOARD_CLIENT_SECRET
export XDG_CONFIG_HOME=$WORK/config

umask 077
printf '%s\n' "$APP_SECRET" >"$WORK/client-secret"
umask 022

# auth_config FILE [YAML lines for the auth: section...]: the sample configuration with the
# client secret from the 0600 file (the token store is the default one, in XDG_CONFIG_HOME).
auth_config() {
  local file=$1 line extra=""
  shift
  for line in "$@"; do extra="$extra  $line\n"; done
  sed -e "s/^  timeout_s: .*/  timeout_s: 20/" \
      -e "s|^  client_secret_env: .*|  client_secret_file: $WORK/client-secret\n$extra|" \
      "$SRC/samples/csponboard.yaml" >"$file"
}

# start_auth_sandbox NAME [options...]: the sandbox with this app and device codes that
# announce interval 0, so that polling never waits.
start_auth_sandbox() {
  local name=$1
  shift
  start_sandbox "$name" --client-id "$APP_ID" --client-secret "$APP_SECRET" \
    --device-interval 0 "$@"
}

# login NAME CONFIG [options...]: `auth login` against the sandbox (RC, NAME.out, NAME.err).
login() {
  local name=$1 cfg=$2
  shift 2
  run_csp "$name" auth login --config "$cfg" --api-url "$SB_URL" "$@"
}

# signins KEY: a counter of the sandbox's sign-in state (device.approved, refresh_tokens.refused…).
signins() {
  sandbox_state "$WORK/signins.json"
  $CHECK json "$WORK/signins.json" "$1"
}

# stored_refresh: the refresh token in the token store (for the secret scans).
stored_refresh() {
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["refresh_token"])' "$STORE"
}
