# fish completion for flow(1): options (and their fixed values), rule names and targets,
# all from flow itself (flow --complete=options|rules|targets -- PREFIX; see flow(1)).

# flow, with the -f FILE and -C DIR already on the command line.
function __flow_complete
    set -l tokens (commandline -opc)
    set -l args
    set -l i 2
    while test $i -le (count $tokens)
        switch $tokens[$i]
            case -f --file -C --directory
                set -l j (math $i + 1)
                if test $j -le (count $tokens)
                    set -a args $tokens[$i] $tokens[$j]
                end
            case '--file=*' '--directory=*'
                set -a args $tokens[$i]
        end
        set i (math $i + 1)
    end
    $tokens[1] $args --complete=$argv[1] -- (commandline -ct) 2>/dev/null
end

complete -c flow -f
# Options, and an option's fixed values after its '='.
complete -c flow -n 'string match -q -- "-*" (commandline -ct)' -a '(__flow_complete options)'
# Targets: the output files the graph knows, and the rules that are targets.
complete -c flow -n 'not string match -q -- "-*" (commandline -ct)' -a '(__flow_complete targets)'
# Values that are files or directories.
complete -c flow -s f -l file -r -F
complete -c flow -s C -l directory -r -a '(__fish_complete_directories)'
