"""An estate that already exists in Azure: `convert` reads live accounts as stack-file data, `export` writes
stack files and `pulumi import --file` files from them, `drift` compares stack files with Azure.

Imports: the standard library only.
"""
