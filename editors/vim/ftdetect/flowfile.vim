" Flowfiles: the file named Flowfile, and included rule files *.flow.
autocmd BufRead,BufNewFile Flowfile,*.flow setfiletype flowfile
