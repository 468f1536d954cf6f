variable "log_group" {
  type = string
}
