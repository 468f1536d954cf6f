variable "log_options" {
  type = map(string)
}
