# bash completion for flow(1): options (and their fixed values), rule names and targets,
# all from flow itself (flow --complete=options|rules|targets -- PREFIX; see flow(1)).

_flow_words()
{
	# $1: what to complete; the -f FILE and -C DIR already on the line are honoured.
	local what=$1 cur=$2 i args=()
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-f | --file | -C | --directory)
			((i + 1 < COMP_CWORD)) && args+=("${COMP_WORDS[i]}" "${COMP_WORDS[i + 1]}")
			;;
		--file=* | --directory=*) args+=("${COMP_WORDS[i]}") ;;
		esac
	done
	"${COMP_WORDS[0]}" "${args[@]}" --complete="$what" -- "$cur" 2>/dev/null
}

_flow()
{
	local cur prev words cword split
	_init_completion -n = || return

	case $prev in
	-f | --file)
		_filedir
		return
		;;
	-C | --directory)
		_filedir -d
		return
		;;
	-j | --jobs | --resources)
		return
		;;
	esac

	if [[ $cur == -* ]]; then
		local IFS=$'\n'
		COMPREPLY=($(_flow_words options "$cur"))
		# An option that takes a value: no space after '='.
		[[ ${COMPREPLY[*]} == *= ]] && compopt -o nospace 2>/dev/null
		# Readline replaces only what follows the last '=' (a word break).
		[[ $cur == *=* ]] && COMPREPLY=("${COMPREPLY[@]#"${cur%=*}="}")
		return
	fi

	local IFS=$'\n'
	COMPREPLY=($(_flow_words targets "$cur"))
} &&
	complete -F _flow flow
