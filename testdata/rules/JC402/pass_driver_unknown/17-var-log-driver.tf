variable "log_driver" {
  type = string
}
