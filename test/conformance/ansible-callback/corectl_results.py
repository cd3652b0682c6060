# A stdout callback for the conformance suite: one JSON line per task result, with the task's
# name, changed, failed and msg. Debian's ansible-core has no json callback (it is in
# ansible.posix), and the suite needs nothing more than this.
import json
from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'stdout'
    CALLBACK_NAME = 'corectl_results'

    def _emit(self, result, failed):
        data = result._result
        self._display.display(json.dumps({
            'task': result._task.get_name(),
            'changed': bool(data.get('changed', False)),
            'failed': failed,
            'msg': str(data.get('msg', '')),
        }))

    def v2_runner_on_ok(self, result):
        self._emit(result, False)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._emit(result, True)

    def v2_runner_on_skipped(self, result):
        self._emit(result, False)
