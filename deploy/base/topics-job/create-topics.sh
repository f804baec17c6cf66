#!/bin/sh
# Creates every krr topic listed in topics.txt that does not exist yet, with its configs, and
# resets the configs of those that do, so running it again is harmless and repairs drifted
# configs. Partition counts are only set at creation: growing them later moves keys to other
# partitions (see docs/operations.md).
set -eu

bin="${KAFKA_BIN:-/opt/kafka/bin}"
topics_file="${KRR_TOPICS_FILE:-/etc/krr/topics/topics.txt}"
bootstrap="${KAFKA_BOOTSTRAP_SERVERS:?KAFKA_BOOTSTRAP_SERVERS is not set}"
main_partitions="${KRR_TOPIC_PARTITIONS:-12}"
dlq_partitions="${KRR_DLQ_PARTITIONS:-3}"
replication="${KRR_TOPIC_REPLICATION_FACTOR:-3}"
max_attempts="${KRR_KAFKA_WAIT_ATTEMPTS:-60}"

# Extra client settings (TLS, SASL) come from a properties file when one is mounted.
set -- --bootstrap-server "$bootstrap"
if [ -n "${KAFKA_COMMAND_CONFIG:-}" ]; then
  set -- "$@" --command-config "$KAFKA_COMMAND_CONFIG"
fi
client_args="$*"

attempt=1
until existing="$("$bin/kafka-topics.sh" "$@" --list)"; do
  if [ "$attempt" -ge "$max_attempts" ]; then
    echo "Kafka at $bootstrap did not answer after $attempt attempts" >&2
    exit 1
  fi
  echo "waiting for Kafka at $bootstrap (attempt $attempt of $max_attempts)"
  attempt=$((attempt + 1))
  sleep 5
done

grep -v -e '^#' -e '^[[:space:]]*$' "$topics_file" | while read -r name class configs; do
  case "$class" in
    main) partitions="$main_partitions" ;;
    dlq) partitions="$dlq_partitions" ;;
    single) partitions=1 ;;
    *) echo "topics file: unknown partition class '$class' for topic $name" >&2; exit 1 ;;
  esac
  if printf '%s\n' "$existing" | grep -qxF "$name"; then
    # shellcheck disable=SC2086 # client_args and configs are meant to split on spaces
    "$bin/kafka-configs.sh" $client_args --entity-type topics --entity-name "$name" \
      --alter --add-config "$(echo $configs | tr ' ' ',')" </dev/null
    echo "topic $name existed: configs set to $configs (partitions unchanged)"
  else
    config_args=""
    for config in $configs; do
      config_args="$config_args --config $config"
    done
    # shellcheck disable=SC2086
    "$bin/kafka-topics.sh" $client_args --create --if-not-exists --topic "$name" \
      --partitions "$partitions" --replication-factor "$replication" $config_args </dev/null
    echo "topic $name created: $partitions partitions, replication $replication, $configs"
  fi
done
