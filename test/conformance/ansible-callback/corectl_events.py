# A stdout callback for the language conformance suite: one JSON line per result, in the order
# Ansible gives them: each loop item (with its label), then the task's own result, with its
# status (ok, changed, failed, skipped) as the recap counts it.
import json
from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'stdout'
    CALLBACK_NAME = 'corectl_events'

    def _emit(self, result, status, item=False):
        data = result._result
        line = {'task': result._task.get_name(), 'status': status, 'msg': str(data.get('msg', ''))}
        # The result keeps only the delegate's address; the task has its inventory name.
        if data.get('_ansible_delegated_vars') is not None and result._task.delegate_to:
            line['delegate'] = result._task.delegate_to
        if item:
            label = data.get('_ansible_item_label', data.get('item'))
            line['item'] = label if isinstance(label, str) else json.dumps(label, separators=(',', ':'), sort_keys=True)
        self._display.display(json.dumps(line))

    def _status(self, result):
        return 'changed' if result._result.get('changed', False) else 'ok'

    def v2_runner_on_ok(self, result):
        self._emit(result, self._status(result))

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._emit(result, 'failed')

    def v2_runner_on_skipped(self, result):
        self._emit(result, 'skipped')

    def v2_runner_item_on_ok(self, result):
        self._emit(result, self._status(result), True)

    def v2_runner_item_on_failed(self, result):
        self._emit(result, 'failed', True)

    def v2_runner_item_on_skipped(self, result):
        self._emit(result, 'skipped', True)
