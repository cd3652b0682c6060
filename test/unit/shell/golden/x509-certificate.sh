set -- /etc/etcd/peer.key /etc/etcd/peer.crt '' 'made an ec-p256 private key on the host' 600 '' '' /CN=etcd-1 DNS:etcd-1.lab serverAuth,clientAuth '-algorithm' EC '-pkeyopt' ec_paramgen_curve:P-256
key=$1 cert=$2 chain=$3 made=$4 mode=$5 owner=$6 group=$7 subject=$8 san=$9 usage=${10}
shift 10
if [ ! -e "$key" ] && [ "$corectl_check" = 0 ]; then
  dir=$(dirname -- "$key")
  [ -d "$dir" ] || mkdir -p -- "$dir" || exit 1
  corectl_tmp=$(mktemp -- "$dir/.corectl.XXXXXX") || exit 1
  (umask 077; openssl genpkey "$@" -out "$corectl_tmp" 2>/dev/null) || { echo "openssl genpkey failed for $key" >&2; exit 1; }
  mv -f -- "$corectl_tmp" "$key" || exit 1
  corectl_tmp=''
  corectl_relabel "$key"
  corectl_changed
  corectl_msg "$made"
fi
if [ -e "$key" ]; then
  corectl_meta "$key" "$mode" "$owner" "$group" || exit 1
  pub=$(openssl pkey -in "$key" -pubout -outform DER | base64 -w0) && [ -n "$pub" ] || { echo "cannot read the private key $key" >&2; exit 1; }
  corectl_data pubkey "$pub"
  if [ -e "$cert" ]; then corectl_data cert "$(openssl x509 -in "$cert" -outform DER 2>/dev/null | base64 -w0)"; fi
  if [ -n "$chain" ] && [ -f "$chain" ]; then sum=$(b2sum < "$chain") && corectl_data chain "${sum%% *}"; fi
  if [ "$corectl_check" = 0 ]; then
    set -- -utf8 -subj "$subject"
    if [ -n "$san" ]; then set -- "$@" -addext "subjectAltName=$san"; fi
    set -- "$@" -addext "extendedKeyUsage=$usage"
    csr=$(openssl req -new -key "$key" "$@" -outform DER | base64 -w0)
    [ -n "$csr" ] || { echo "openssl req could not make a CSR for $key" >&2; exit 1; }
    corectl_data csr "$csr"
  fi
fi
