// STUB: the cedar command is being written.
return 0;
