" Vim syntax file
" Language:   Flowfile (flow, the rule-based workflow tool); see Flowfile(5)
" Follows grammar/Flowfile.ebnf: statements (assignments, include, rule), rule keys,
" expressions (strings, integers, names, calls, lists), and the placeholders that shell
" commands fill in.

if exists("b:current_syntax")
  finish
endif

syn case match

" Statements: "rule" and "include" are keywords only where a statement starts.
syn match   flowfileStatement  "^\s*\zsrule\ze\s" nextgroup=flowfileRuleName skipwhite
syn match   flowfileStatement  "^\s*\zsinclude\ze\s"
syn match   flowfileRuleName   "\h\w*" contained

" Rule keys, at the start of an indented line before ':'.
syn match   flowfileKey "^\s\+\zs\(input\|output\|log\|params\|threads\|resources\|shell\|priority\|container\|mounts\|env\|network\)\ze\s*:"

" Built-in functions, where they are called.
syn match   flowfileFunction "\<\(expand\|glob_wildcards\)\ze\s*("

syn match   flowfileNumber  "-\=\<\d\+\>"
syn match   flowfileComment "#.*$" contains=flowfileTodo,@Spell
syn keyword flowfileTodo    TODO FIXME XXX contained

" Strings. Escapes apply to "..." only; """...""" spans lines and has none.
syn match   flowfileEscape      "\\[nt\"\\]" contained
syn match   flowfileEscapeError "\\[^nt\"\\]" contained
" Placeholders filled in from the job: {input}, {output.name}, {wildcards.s}, {params.x},
" {threads}, {resources.mem}, {log[0]}; {{ and }} are literal braces.
syn match   flowfileBraceEscape "{{\|}}" contained
syn match   flowfilePlaceholder "{\h\w*\(\.\h\w*\|\[\d\+\]\)\=}" contained
" A wildcard with its regular expression, in an output pattern: {sample,[a-z]+}.
syn match   flowfilePlaceholder "{\h\w*,\%([^{}]\|{[^{}]*}\)*}" contained
syn region  flowfileTriple start=+"""+ end=+"""+ keepend contains=flowfileBraceEscape,flowfilePlaceholder,@Spell
syn region  flowfileString start=+"\(""\)\@!+ skip=+\\\\\|\\"+ end=+"+ oneline contains=flowfileEscape,flowfileEscapeError,flowfileBraceEscape,flowfilePlaceholder,@Spell

syn match   flowfileJoin "\\$"

" Triple-quoted commands span lines: parse from the start (Flowfiles are small).
syn sync fromstart

hi def link flowfileStatement   Statement
hi def link flowfileRuleName    Function
hi def link flowfileKey         Keyword
hi def link flowfileFunction    Function
hi def link flowfileNumber      Number
hi def link flowfileComment     Comment
hi def link flowfileTodo        Todo
hi def link flowfileString      String
hi def link flowfileTriple      String
hi def link flowfileEscape      SpecialChar
hi def link flowfileEscapeError Error
hi def link flowfileBraceEscape SpecialChar
hi def link flowfilePlaceholder Identifier
hi def link flowfileJoin        Special

let b:current_syntax = "flowfile"
