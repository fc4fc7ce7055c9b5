# The node's Windows name comes first: the domain join registers the computer under it.
$ErrorActionPreference = 'Stop'
if ($env:COMPUTERNAME -ne '{{ HostName }}') {
  Rename-Computer -NewName '{{ HostName }}' -Force
  exit 3010 # SSM restarts the node and runs this step again
}
