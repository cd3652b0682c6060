# shellcheck shell=sh
# x509.certificate, install step: $1 the key's path, $2 its public key as the first step read it
# (DER, base64), $3 the certificate's path, $4 the certificate's hash (its PEM is the step's
# stdin; empty: leave it), $5 owner, $6 group, $7 the chain's path, $8 the chain's hash (empty:
# leave it), $9 the chain's PEM without its last newline (the here-document adds it back).
key=$1 cert=$3 cert_hash=$4 owner=$5 group=$6 chain=$7 chain_hash=$8 chain_pem=$9
for f in "$cert" "$chain"; do
  [ -n "$f" ] || continue
  d=${f%/*}; mkdir -p -- "${d:-/}" || exit 1
done
# The key must still be the one the CSR was made with: a certificate for another key would break
# the service that reads both.
pub=$(openssl pkey -in "$key" -pubout -outform DER | base64 -w0)
[ "$pub" = "$2" ] || { echo "the key $key changed while its certificate was being signed; run again" >&2; exit 1; }
# The controller's message says what was issued and why; the file helper's own notes would only
# repeat it.
corectl_msg() { :; }
if [ -n "$cert_hash" ]; then corectl_file "$cert" "$cert_hash" 644 "$owner" "$group" 0 || exit 1; fi
if [ -n "$chain_hash" ]; then
  # The chain is public PEM (base64 lines).
  corectl_file "$chain" "$chain_hash" 644 "$owner" "$group" 0 <<CORECTL_CHAIN || exit 1
$chain_pem
CORECTL_CHAIN
fi
