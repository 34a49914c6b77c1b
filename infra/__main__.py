"""The Pulumi program of this repository: provision stacks/<stack>.yaml, or the file named by the config
key aoai-infra:stackFile, after it passes `aoai-infra validate`. The work is in aoai_infra.provision."""

import pulumi

from aoai_infra.provision import run

estate = run(pulumi.get_stack(), pulumi.Config("aoai-infra").get("stackFile"))
pulumi.export("accounts", estate.outputs)
