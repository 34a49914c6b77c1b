"""`aoai-infra plan`: what a change to stack files does in Azure, for reviewers of a pull request.

`resources` flattens a stack into Azure resources, `changes` compares two versions, `losses` says what a
destructive change loses, `quota` and `cost` measure the impact, `inputs` and `git` find the versions,
`build` puts a plan together. None of it imports Pulumi or an Azure SDK.

Imports: the standard library only.
"""
