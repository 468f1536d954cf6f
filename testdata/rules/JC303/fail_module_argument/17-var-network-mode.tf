variable "network_mode" {
  type = string
}
